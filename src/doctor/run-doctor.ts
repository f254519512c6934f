/** blcr doctor: the same probes and verdict as configure, rendered one line per check. */
import path from 'node:path';
import type { Host } from '../host/host.js';
import type { ProbeOptions } from '../model/probe.js';
import { assess, type AssessDeps } from '../configure/assess.js';
import { buildDoctorReport, type DoctorReport } from './doctor-report.js';
import { checkContext } from './context-check.js';
import { renderDoctorText } from '../render/doctor-text.js';
import { writeReportTarball } from './report-tarball.js';

export interface DoctorOptions {
  json: boolean;
  fresh: boolean;
  withLinux?: string;
  withSystemMap?: string;
  /** Write a bug-report tarball here. */
  report?: string;
  /** A context file: can this node restart it? */
  context?: string;
}

export interface DoctorEnv {
  host: Host;
  deps: AssessDeps;
  version: string;
  root: string;
  buildDir: string;
  out(text: string): void;
  /** Lines the host logged (doctor.log in --report). */
  logLines(): readonly string[];
}

export async function diagnose(opts: DoctorOptions, env: DoctorEnv): Promise<DoctorReport> {
  const probeOptions: ProbeOptions = { workDir: path.join(env.buildDir, 'probes') };
  if (opts.withLinux) probeOptions.withLinux = opts.withLinux;
  if (opts.withSystemMap) probeOptions.withSystemMap = opts.withSystemMap;
  const cc = env.host.env('CC');
  if (cc) probeOptions.cc = cc;
  const a = await assess(env.host, probeOptions, env.deps, opts.fresh);
  const context = opts.context === undefined ? undefined : await checkContext(env.host, path.join(env.buildDir, 'bin'), opts.context);
  const u = env.host.uname();
  return buildDoctorReport(
    a.results,
    a.verdict,
    { version: env.version, generatedAt: new Date(env.host.now()).toISOString(), host: { release: u.release, version: u.version, arch: u.machine } },
    context,
  );
}

export async function runDoctor(opts: DoctorOptions, env: DoctorEnv): Promise<number> {
  const report = await diagnose(opts, env);
  env.out(opts.json ? JSON.stringify(report, null, 2) + '\n' : renderDoctorText(report));
  if (opts.report !== undefined) {
    const files = await writeReportTarball(opts.report, report, { host: env.host, root: env.root, buildDir: env.buildDir, doctorLog: env.logLines() });
    if (!opts.json) env.out(`\nbug report written to ${opts.report} (${files.length} files)\n`);
  }
  return report.exitCode;
}

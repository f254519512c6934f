/**
 * `blcr doctor --report FILE.tar.gz`: what a bug report needs, packed with the tar package:
 * doctor.json, doctor.log, config.log, build/config.json, the kernel config text, every
 * probe build log (build/probes/**\/build.log). Missing pieces are listed in MISSING.txt.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tar from 'tar';
import type { Host } from '../host/host.js';
import type { DoctorReport } from './doctor-report.js';

export const REPORT_DIR = 'blcr-report';

export interface ReportSources {
  host: Host;
  root: string;
  buildDir: string;
  doctorLog: readonly string[];
}

async function findBuildLogs(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await findBuildLogs(p)));
    else if (e.isFile() && e.name === 'build.log') out.push(p);
  }
  return out;
}

function kernelConfigSource(report: DoctorReport): string | undefined {
  const src = report.checks.find((c) => c.id === 'kernel-config')?.facts.source;
  return typeof src === 'string' ? src : undefined;
}

/** Writes the tarball; returns the member paths (relative, under blcr-report/). */
export async function writeReportTarball(file: string, report: DoctorReport, src: ReportSources): Promise<string[]> {
  const stage = await fs.mkdtemp(path.join(os.tmpdir(), 'blcr-report-'));
  const top = path.join(stage, REPORT_DIR);
  const members: string[] = [];
  const missing: string[] = [];
  const put = async (rel: string, data: string | Buffer): Promise<void> => {
    await fs.mkdir(path.dirname(path.join(top, rel)), { recursive: true });
    await fs.writeFile(path.join(top, rel), data);
    members.push(`${REPORT_DIR}/${rel}`);
  };
  const copy = async (from: string, rel: string): Promise<void> => {
    const data = await src.host.readFile(from);
    if (data === undefined) missing.push(`${rel}: ${from} not found or unreadable`);
    else await put(rel, data);
  };
  try {
    await put('doctor.json', JSON.stringify(report, null, 2) + '\n');
    await put('doctor.log', src.doctorLog.join('\n') + '\n');
    await copy(path.join(src.root, 'config.log'), 'config.log');
    await copy(path.join(src.buildDir, 'config.json'), 'config.json');
    const kconfig = kernelConfigSource(report);
    if (kconfig === undefined) missing.push('kernel-config: the kernel-config probe named no source');
    else {
      const raw = await src.host.readFile(kconfig);
      if (raw === undefined) missing.push(`kernel-config: ${kconfig} unreadable`);
      else await put('kernel-config', kconfig.endsWith('.gz') ? gunzipSync(raw) : raw);
    }
    const probesDir = path.join(src.buildDir, 'probes');
    for (const log of await findBuildLogs(probesDir)) await copy(log, path.join('probes', path.relative(probesDir, log)));
    if (missing.length > 0) await put('MISSING.txt', missing.join('\n') + '\n');
    await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await tar.c({ gzip: true, file, cwd: stage, portable: true }, [REPORT_DIR]);
  } finally {
    await fs.rm(stage, { recursive: true, force: true });
  }
  return members;
}

/** The member paths of a report tarball (used by tests and by `tar -tzf`-like checks). */
export async function listTarball(file: string): Promise<string[]> {
  const names: string[] = [];
  await tar.t({ file, onReadEntry: (e) => void names.push(e.path) });
  return names;
}

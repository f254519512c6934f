/** Writes configure's outputs: config.log, config.status, build/config.json, native/config.h. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ProbeResult } from '../model/probe.js';
import type { Verdict } from '../model/verdict.js';
import type { Uname } from '../host/host.js';
import type { ConfigureOptions } from './options.js';
import type { Decision } from './decisions.js';
import type { StepReport } from '../build/pipeline.js';
import { generateConfigH } from './config-h.js';
import { generateConfigStatus, replayArgs } from './config-status.js';

export interface ConfigJson {
  schemaVersion: 1;
  tool: { name: 'blcr'; version: string };
  configuredAt: string;
  ok: boolean;
  error?: { code: string; message: string; hint?: string };
  argv: string[];
  options: Omit<ConfigureOptions, 'argv' | 'help' | 'version'>;
  host: Uname & { uid: number };
  decisions: Decision[];
  results: ProbeResult[];
  verdict: Verdict | null;
  build: StepReport[];
  commands: { enabled: string[]; notBuilt: string[] };
  timings: { probesMs: number; verdictMs: number; buildMs: number; totalMs: number };
}

export interface OutputPaths {
  root: string;
  buildDir: string;
  nativeDir: string;
}

export function outputFiles(p: OutputPaths): { log: string; status: string; json: string; header: string } {
  return {
    log: path.join(p.root, 'config.log'),
    status: path.join(p.root, 'config.status'),
    json: path.join(p.buildDir, 'config.json'),
    header: path.join(p.nativeDir, 'config.h'),
  };
}

export async function writeConfigLog(p: OutputPaths, lines: readonly string[]): Promise<void> {
  await fs.writeFile(outputFiles(p).log, lines.join('\n') + '\n');
}

export async function writeConfigJson(p: OutputPaths, cfg: ConfigJson): Promise<void> {
  await fs.mkdir(p.buildDir, { recursive: true });
  const file = outputFiles(p).json;
  await fs.writeFile(`${file}.tmp`, JSON.stringify(cfg, null, 2) + '\n');
  await fs.rename(`${file}.tmp`, file);
}

/** native/config.h, before the build (the native Makefile includes it); rewritten only when its content changes. */
export async function writeConfigH(p: OutputPaths, results: readonly ProbeResult[], verdict: Verdict, version: string): Promise<boolean> {
  const file = outputFiles(p).header;
  const text = generateConfigH(results, verdict, { packageVersion: version });
  const old = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (old === text) return false;
  await fs.mkdir(p.nativeDir, { recursive: true });
  await fs.writeFile(`${file}.tmp`, text);
  await fs.rename(`${file}.tmp`, file);
  return true;
}

/** config.status: written only when configure succeeded (autoconf's rule). */
export async function writeConfigStatus(p: OutputPaths, cfg: ConfigJson, opts: ConfigureOptions): Promise<void> {
  const files = outputFiles(p);
  await fs.writeFile(
    files.status,
    generateConfigStatus({
      configurePath: path.join(p.root, 'configure'),
      args: replayArgs(opts.argv, opts.cc, opts.ccFrom),
      packageVersion: cfg.tool.version,
      configuredAt: cfg.configuredAt,
    }),
  );
  await fs.chmod(files.status, 0o755);
}

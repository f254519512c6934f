/**
 * A Host backed by an in-memory file map and scripted exec results, so probes run on
 * captured fixtures (test/fixtures/<origin>/...) without touching the machine.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExecOptions, ExecResult, Host, Uname } from '../../../src/host/host.js';
import { FIXTURES_DIR } from '../../../src/util/paths.js';

export type ExecScript = (file: string, args: string[], opts: ExecOptions, host: FixtureHost) => Partial<ExecResult> | undefined;

export interface FixtureHostInit {
  files?: Record<string, string | Buffer>;
  /** Paths that exist but cannot be read (permission denied). */
  unreadable?: string[];
  uname?: Partial<Uname>;
  env?: Record<string, string>;
  uid?: number;
  /** "file arg1 arg2" → result, or a function for anything else. */
  exec?: Record<string, Partial<ExecResult>> | ExecScript;
}

export class FixtureHost implements Host {
  readonly files = new Map<string, Buffer>();
  readonly unreadable: Set<string>;
  readonly execLog: string[] = [];
  readonly logLines: string[] = [];
  private readonly init: FixtureHostInit;
  private clock = 0;

  constructor(init: FixtureHostInit = {}) {
    this.init = init;
    for (const [p, v] of Object.entries(init.files ?? {})) this.files.set(p, Buffer.isBuffer(v) ? v : Buffer.from(v));
    this.unreadable = new Set(init.unreadable ?? []);
  }

  uname(): Uname {
    return { sysname: 'Linux', release: '6.18.44-fc-v595', version: '#1 SMP PREEMPT_DYNAMIC @0', machine: 'x86_64', ...this.init.uname };
  }
  env(name: string): string | undefined {
    return this.init.env?.[name];
  }
  async readFile(p: string): Promise<Buffer | undefined> {
    return this.unreadable.has(p) ? undefined : this.files.get(p);
  }
  async readText(p: string): Promise<string | undefined> {
    return (await this.readFile(p))?.toString('utf8');
  }
  async exists(p: string): Promise<boolean> {
    return this.files.has(p) || this.unreadable.has(p) || (await this.isDirectory(p));
  }
  async isDirectory(p: string): Promise<boolean> {
    const prefix = p.endsWith('/') ? p : `${p}/`;
    return [...this.files.keys(), ...this.unreadable].some((f) => f.startsWith(prefix));
  }
  async readdir(p: string): Promise<string[]> {
    const prefix = p.endsWith('/') ? p : `${p}/`;
    const names = new Set<string>();
    for (const f of this.files.keys()) if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split('/')[0] ?? '');
    return [...names].filter((n) => n !== '').sort();
  }
  async glob(dir: string, pattern: RegExp): Promise<string[]> {
    return (await this.readdir(dir)).filter((n) => pattern.test(n)).map((n) => path.join(dir, n));
  }
  async exec(file: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const command = [file, ...args].join(' ');
    this.execLog.push(command);
    const script = this.init.exec;
    const r = typeof script === 'function' ? script(file, args, opts, this) : script?.[command];
    if (!r) return { command, exitCode: -1, stdout: '', stderr: `spawn ${file} ENOENT`, failed: true };
    const exitCode = r.exitCode ?? 0;
    return { command, exitCode, stdout: r.stdout ?? '', stderr: r.stderr ?? '', failed: r.failed ?? exitCode !== 0 };
  }
  async writeFile(p: string, data: string | Buffer): Promise<void> {
    this.files.set(p, Buffer.isBuffer(data) ? data : Buffer.from(data));
  }
  async mkdirp(): Promise<void> {}
  async rename(from: string, to: string): Promise<void> {
    const b = this.files.get(from);
    if (!b) throw new Error(`rename: ${from} does not exist`);
    this.files.set(to, b);
    this.files.delete(from);
  }
  uid(): number {
    return this.init.uid ?? 0;
  }
  now(): number {
    return (this.clock += 1);
  }
  log(line: string): void {
    this.logLines.push(line);
  }
}

/** A captured fixture's text (test/fixtures/<rel>); `.xz` files are decompressed. */
export function fixture(rel: string): string {
  const file = path.join(FIXTURES_DIR, rel);
  if (file.endsWith('.xz')) return execFileSync('xz', ['-dc', file], { maxBuffer: 64 << 20 }).toString('utf8');
  return readFileSync(file, 'utf8');
}

/** The files of this host (6.18.44, modules off) as a probe sees them. */
export function hostFiles(): Record<string, string> {
  return {
    '/proc/kallsyms': fixture('host-6.18.44/kallsyms'),
    '/proc/version': fixture('host-6.18.44/proc-version'),
    '/proc/sys/kernel/kptr_restrict': '0\n',
    '/boot/config-6.18.44-fc-v595': fixture('host-6.18.44/config'),
    '/proc/self/status': fixture('host-6.18.44/proc-self-status'),
    '/proc/sys/kernel/cap_last_cap': fixture('host-6.18.44/cap_last_cap'),
  };
}

export const DEBIAN_RELEASE = '6.1.0-56-amd64';

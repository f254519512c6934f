/** The Host that touches the machine: the one wrapper around execa and node:fs. */
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { ExecOptions, ExecResult, Host, Uname } from './host.js';

export class RealHost implements Host {
  private readonly logLines: string[] = [];
  constructor(private readonly logSink?: (line: string) => void) {}

  uname(): Uname {
    // /proc/sys/kernel/version holds the same text uname -v prints.
    let version = os.version();
    try {
      version = readFileSync('/proc/sys/kernel/version', 'utf8').trim();
    } catch {
      /* non-Linux or no /proc: keep os.version() */
    }
    return { sysname: os.type(), release: os.release(), version, machine: os.machine() };
  }

  env(name: string): string | undefined {
    return process.env[name];
  }

  async readFile(p: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(p);
    } catch {
      return undefined;
    }
  }

  async readText(p: string): Promise<string | undefined> {
    const b = await this.readFile(p);
    return b?.toString('utf8');
  }

  async exists(p: string): Promise<boolean> {
    try {
      await fs.access(p);
      return true;
    } catch {
      return false;
    }
  }

  async isDirectory(p: string): Promise<boolean> {
    try {
      return (await fs.stat(p)).isDirectory();
    } catch {
      return false;
    }
  }

  async readdir(p: string): Promise<string[]> {
    try {
      return (await fs.readdir(p)).sort();
    } catch {
      return [];
    }
  }

  async glob(dir: string, pattern: RegExp): Promise<string[]> {
    return (await this.readdir(dir)).filter((n) => pattern.test(n)).map((n) => path.join(dir, n));
  }

  async exec(file: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const command = [file, ...args].join(' ');
    const r = await execa(file, args, {
      cwd: opts.cwd,
      env: opts.env,
      input: opts.input,
      timeout: opts.timeoutMs ?? 120_000,
      reject: false,
      all: false,
    });
    const result: ExecResult = {
      command,
      exitCode: typeof r.exitCode === 'number' ? r.exitCode : -1,
      stdout: String(r.stdout ?? ''),
      stderr: String(r.stderr ?? ''),
      failed: r.failed,
    };
    this.log(`$ ${command}${opts.cwd ? `   (in ${opts.cwd})` : ''}`);
    if (result.stdout) this.log(result.stdout);
    if (result.stderr) this.log(result.stderr);
    this.log(`exit ${result.exitCode}`);
    return result;
  }

  async writeFile(p: string, data: string | Buffer): Promise<void> {
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, data);
  }

  async mkdirp(p: string): Promise<void> {
    await fs.mkdir(p, { recursive: true });
  }

  async rename(from: string, to: string): Promise<void> {
    await fs.rename(from, to);
  }

  uid(): number {
    return process.getuid?.() ?? -1;
  }

  now(): number {
    return Date.now();
  }

  log(line: string): void {
    this.logLines.push(line);
    this.logSink?.(line);
  }

  /** Everything logged so far (config.log). */
  logged(): readonly string[] {
    return this.logLines;
  }
}

/**
 * The e2e harness: builds the zdtm-style programs once per run (build/test-programs/,
 * up-to-date check by mtime, atomic rename so parallel workers agree), finds the engine in
 * build/bin/, runs cr_checkpoint / cr_restart / blcr-image, and drives the
 * checkpoint → kill → restart → verify cycle. Suites skip, saying why, only when the engine
 * is not built or we are not root.
 */
import { describe, expect } from '@jest/globals';
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { BIN_DIR, BUILD_DIR, ROOT } from '../../src/util/paths.js';
import { Proc, children, procState, procStatus, sleep, trackRestored } from './proc.js';

export { Proc, procState, procStatus, sleep, killLeftovers, children } from './proc.js';

export const BIN = {
  checkpoint: path.join(BIN_DIR, 'cr_checkpoint'),
  restart: path.join(BIN_DIR, 'cr_restart'),
  image: path.join(BIN_DIR, 'blcr-image'),
} as const;
export const PROGRAMS_SRC = path.join(ROOT, 'test', 'e2e', 'programs');
export const PROGRAMS_DIR = path.join(BUILD_DIR, 'test-programs');
export const TMP_DIR = path.join(BUILD_DIR, 'tmp', 'e2e');

/** Extra compiler flags per program; programs listed in STATIC_VARIANTS also get NAME-static. */
const CFLAGS: Record<string, string[]> = { avx: ['-mavx2', '-mfma'] };
const STATIC_VARIANTS = ['memory'];

export function skipReason(): string | null {
  if (!existsSync(BIN.checkpoint)) return `${BIN.checkpoint} is not built (run ./configure)`;
  if (process.getuid?.() !== 0) return 'not root (checkpoint/restart of arbitrary pids needs CAP_SYS_ADMIN/CAP_CHECKPOINT_RESTORE)';
  return null;
}

/** describe(), or describe.skip() with the reason in the title. */
export function describeEngine(name: string, fn: () => void): void {
  const reason = skipReason();
  if (reason) {
    console.warn(`e2e "${name}" skipped: ${reason}`);
    describe.skip(`${name} [skipped: ${reason}]`, fn);
  } else {
    describe(name, fn);
  }
}

function newer(out: string, inputs: string[]): boolean {
  if (!existsSync(out)) return false;
  const t = statSync(out).mtimeMs;
  return inputs.every((i) => statSync(i).mtimeMs <= t);
}

async function compile(name: string, src: string, flags: string[]): Promise<void> {
  const out = path.join(PROGRAMS_DIR, name);
  if (newer(out, [src, path.join(PROGRAMS_SRC, 'zdtm.h')])) return;
  const tmp = `${out}.tmp-${process.pid}`;
  const r = await execa('cc', ['-O2', '-Wall', '-Wextra', '-o', tmp, src, ...flags], { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) throw new Error(`cc ${src} failed (exit ${r.exitCode}):\n${r.stderr}`);
  renameSync(tmp, out);
}

let built: Promise<void> | null = null;

/** Compile every test/e2e/programs/*.c (two at a time: the machine has two cores). */
export function buildPrograms(): Promise<void> {
  built ??= (async () => {
    mkdirSync(PROGRAMS_DIR, { recursive: true });
    const jobs: Array<() => Promise<void>> = [];
    for (const f of readdirSync(PROGRAMS_SRC).filter((x) => x.endsWith('.c'))) {
      const name = f.slice(0, -2);
      const src = path.join(PROGRAMS_SRC, f);
      jobs.push(() => compile(name, src, CFLAGS[name] ?? []));
      if (STATIC_VARIANTS.includes(name)) jobs.push(() => compile(`${name}-static`, src, ['-static', ...(CFLAGS[name] ?? [])]));
    }
    const worker = async (): Promise<void> => {
      for (let job = jobs.shift(); job; job = jobs.shift()) await job();
    };
    await Promise.all([worker(), worker()]);
  })();
  return built;
}

export const program = (name: string): string => path.join(PROGRAMS_DIR, name);

/** A fresh scratch directory under build/tmp/e2e; removeScratch() deletes them all. */
const scratch: string[] = [];
export function scratchDir(tag: string): string {
  mkdirSync(TMP_DIR, { recursive: true });
  const d = mkdtempSync(path.join(TMP_DIR, `${tag}-`));
  scratch.push(d);
  return d;
}
export function removeScratch(): void {
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Start a target (through exec-clean) and wait for its "ready PID" line. */
export async function startTarget(cmd: string, args: readonly string[] = [], opts: { cwd?: string; stdin?: 'pipe' | 'ignore' } = {}): Promise<Proc> {
  const p = new Proc(program('exec-clean'), cmd, args, opts);
  const m = await p.waitLine(/^ready (\d+)$/);
  expect(Number(m[1])).toBe(p.pid);
  return p;
}

export interface Run {
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
}

export async function runTool(bin: string, args: readonly string[], opts: { user?: 'nobody'; timeout?: number } = {}): Promise<Run> {
  const [file, argv] = opts.user
    ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', bin, ...args]]
    : [bin, [...args]];
  const r = await execa(file, argv, { reject: false, stdin: 'ignore', timeout: opts.timeout ?? 60000 });
  return { exitCode: r.exitCode, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export const checkpoint = (args: readonly string[], opts?: { user?: 'nobody' }): Promise<Run> => runTool(BIN.checkpoint, args, opts);
export const restartSync = (args: readonly string[]): Promise<Run> => runTool(BIN.restart, args, { timeout: 30000 });

/** Assert an exit code, quoting stderr when it differs. */
export function expectExit(r: Run, code: number): void {
  expect({ exitCode: r.exitCode, stderr: r.exitCode === code ? '' : r.stderr }).toEqual({ exitCode: code, stderr: '' });
}

/** cr_restart as a long-lived child: it stays the restored process's parent. */
export function startRestart(image: string, args: readonly string[] = [], opts: { stdin?: 'pipe' | 'ignore' } = {}): Proc {
  return new Proc(program('exec-clean'), BIN.restart, [...args, image], opts);
}

/**
 * Wait until cr_restart's child is fully restored: detached (TracerPid 0) with its own
 * SIGUSR2 handler back (every program installs one). Returns the restored pid.
 */
export async function waitRestored(cr: Proc, ms = 20000): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const kid = children(cr.pid)[0];
    if (kid !== undefined) {
      trackRestored(kid, cr.pid);
      const st = procStatus(kid);
      if (st && st['TracerPid'] === '0' && (BigInt(`0x${st['SigCgt'] ?? '0'}`) & (1n << 11n)) !== 0n) return kid;
    }
    if (!cr.running) throw new Error(`cr_restart exited ${JSON.stringify(cr.exit)} before the process was restored: ${cr.err}`);
    if (Date.now() > deadline) throw new Error(`cr_restart ${cr.pid} did not finish restoring in ${ms} ms: ${cr.err}`);
    await sleep(10);
  }
}

/** Checkpoint with --pid --kill, reap the target, start cr_restart and wait for the restore. */
export async function checkpointKillRestart(
  target: Proc,
  dir: string,
  opts: { checkpointArgs?: string[]; restartArgs?: string[]; stdin?: 'pipe' | 'ignore' } = {},
): Promise<{ image: string; cr: Proc; pid: number }> {
  const image = path.join(dir, 'context');
  const r = await checkpoint(['--pid', '--kill', '--nosync', ...(opts.checkpointArgs ?? []), '-f', image, String(target.pid)]);
  expectExit(r, 0);
  expect(await target.exited).toEqual({ code: null, signal: 'SIGKILL' });
  const cr = startRestart(image, opts.restartArgs, { stdin: opts.stdin });
  const pid = await waitRestored(cr);
  return { image, cr, pid };
}

/** Send SIGUSR2 to the restored process, return its result line and cr_restart's exit. */
export async function verify(cr: Proc, pid: number): Promise<{ line: string; exit: { code: number | null; signal: string | null } }> {
  process.kill(pid, 'SIGUSR2');
  const m = await cr.waitLine(/^result .*$/);
  const exit = await cr.exited;
  return { line: m[0], exit };
}

/** The target verifies itself in place (no restart): SIGUSR2, a pass line, exit 0. */
export async function verifyInPlace(t: Proc): Promise<void> {
  t.signal('SIGUSR2');
  expect((await t.waitLine(/^result .*$/))[0]).toMatch(/^result pass /);
  expect(await t.exited).toEqual({ code: 0, signal: null });
}

/** Ask the memory program for its counter (it answers SIGUSR1 with "count N"). */
export async function count(t: Proc): Promise<number> {
  const answers = (): string[] => t.out.split('\n').filter((l) => l.startsWith('count '));
  const seen = answers().length;
  t.signal('SIGUSR1');
  for (let i = 0; i < 300; i++) {
    const lines = answers();
    if (lines.length > seen) return Number(lines[lines.length - 1]?.slice(6));
    await sleep(10);
  }
  throw new Error(`pid ${t.pid} did not answer SIGUSR1: ${t.out}`);
}

/** Poll /proc until the process state letter matches (R, S, T, ...). */
export async function waitState(pid: number, want: RegExp, ms = 5000): Promise<string | null> {
  const deadline = Date.now() + ms;
  let st = procState(pid);
  while (!(st && want.test(st)) && Date.now() < deadline) {
    await sleep(10);
    st = procState(pid);
  }
  return st;
}

/**
 * Helpers for the scope e2e tests (trees, groups, sessions, threads): read the ids of
 * processes from /proc, start a tree under a child subreaper (so a tree killed by
 * `cr_checkpoint --kill` frees every pid at once), wait until a restored scope is fully
 * back, read an image's processes and buffered pipe bytes, and make sure nothing a test
 * started outlives it.
 */
import { expect } from '@jest/globals';
import { execa } from 'execa';
import { readdirSync, readFileSync } from 'node:fs';
import { BIN, Proc, children, procStatus, program, sleep, startRestart } from './harness.js';
import { sections } from './image-file.js';

/** BLCR_SEC_PIPEDATA: the bytes that sat in the scope's pipes (and socket queues). */
const SEC_PIPEDATA = 15;

export interface Stat {
  state: string;
  ppid: number;
  pgid: number;
  sid: number;
  /** clock ticks since boot: tells a process from a later one that reused its pid */
  start: number;
}

/** /proc/PID/stat, or null when the pid is gone. */
export function procStat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: f[0] ?? '?', ppid: Number(f[1]), pgid: Number(f[2]), sid: Number(f[3]), start: Number(f[19]) };
}

/** Exists and is not a zombie. */
export function alive(pid: number): boolean {
  const st = procStat(pid);
  return st !== null && st.state !== 'Z' && st.state !== 'X';
}

/** Every descendant (depth first), from /proc/PID/task/PID/children. */
export function descendants(pid: number): number[] {
  return children(pid).flatMap((k) => [k, ...descendants(k)]);
}

/** Every live process whose process group (or session) is id. */
export function members(kind: 'pgid' | 'sid', id: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      const st = procStat(pid);
      return st !== null && st.state !== 'Z' && st[kind] === id;
    })
    .sort((a, b) => a - b);
}

/** The thread ids of a process, sorted. */
export function threadIds(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number).sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/** [real, effective, saved, fs] uid of a process. */
export function uids(pid: number): number[] {
  return (procStatus(pid)?.['Uid'] ?? '').split(/\s+/).filter(Boolean).map(Number);
}

export const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

/** Poll until cond() holds; throw with what() when ms pass. */
export async function until(cond: () => boolean, what: () => string, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what()}`);
    await sleep(10);
  }
}

/** pid → start time of every process a test saw; cleanup kills those still running. */
const tracked = new Map<number, number>();

export function track(pids: readonly number[]): void {
  for (const pid of pids) {
    const st = procStat(pid);
    if (st) tracked.set(pid, st.start);
  }
}

/** SIGKILL every tracked process that is still the one we saw (not a reused pid). */
export function killTracked(): void {
  for (const [pid, start] of tracked) {
    if (procStat(pid)?.start === start) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }
  tracked.clear();
}

/** The end of every test: none of these pids is left running (zombies of init do not count). */
export async function expectNoStrays(pids: readonly number[], ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  let left = pids.filter(alive);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(20);
    left = pids.filter(alive);
  }
  expect(left.map((pid) => ({ pid, stat: procStat(pid) }))).toEqual([]);
}

export interface Tree {
  /** the subreaper: its output is the tree's stdout/stderr, its exit the root's */
  reaper: Proc;
  root: number;
}

/** Start cmd under the subreaper and return once its root process exists. */
export async function startTree(cmd: string, args: readonly string[], opts: { cwd?: string } = {}): Promise<Tree> {
  const reaper = new Proc(program('subreaper'), cmd, args, { cwd: opts.cwd });
  let root: number | undefined;
  await until(() => (root = children(reaper.pid)[0]) !== undefined || !reaper.running, () => `subreaper ${reaper.pid} has no child`);
  if (root === undefined) throw new Error(`${cmd} exited at once: ${JSON.stringify(reaper.exit)} ${reaper.err}`);
  track([root]);
  return { reaper, root };
}

/** Restored: exists, is no zombie, nobody traces it, it is not stopped. */
function restoredOk(pid: number): boolean {
  const st = procStatus(pid);
  return st !== null && st['TracerPid'] === '0' && /^[RSD]/.test(st['State'] ?? '');
}

/**
 * cr_restart for a scope: start it and wait until every pid of the scope is back,
 * untraced and running, with root (the first pid) as cr_restart's child.
 */
export async function restartScope(image: string, pids: readonly number[], args: readonly string[] = [], ms = 20000): Promise<Proc> {
  const cr = startRestart(image, args);
  const root = pids[0];
  await until(
    () => {
      if (!cr.running) throw new Error(`cr_restart exited ${JSON.stringify(cr.exit)} before the scope was restored: ${cr.err}`);
      return root !== undefined && procStat(root)?.ppid === cr.pid && pids.every(restoredOk);
    },
    () => `cr_restart ${cr.pid} did not restore ${pids.join(',')}: ${pids.map((p) => `${p}:${procStatus(p)?.['State'] ?? 'gone'}`).join(' ')} ${cr.err}`,
    ms,
  );
  track(pids);
  return cr;
}

export interface ImageProcess {
  pid: number;
  comm: string;
  ppid: number;
  pgid: number;
  sid: number;
  uid: number;
  threads: number;
  fds: Array<{ fd: number; kind: string; pos: number; flags: number; path: string }>;
}

export interface ImageInfo {
  pipes: number;
  processes: ImageProcess[];
}

/** `blcr-image show --json` of an image. */
export async function imageInfo(image: string): Promise<ImageInfo> {
  const r = await execa(BIN.image, ['show', image, '--json'], { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) throw new Error(`blcr-image show ${image} exited ${r.exitCode}: ${r.stderr}`);
  return JSON.parse(r.stdout) as ImageInfo;
}

/** The problem codes `blcr-image check --json` finds (none: this node can restart it now). */
export async function imageProblems(image: string): Promise<string[]> {
  const r = await execa(BIN.image, ['check', image, '--json'], { reject: false, stdin: 'ignore' });
  const out = JSON.parse(r.stdout) as { restartable: boolean; problems: Array<{ code: string }> };
  expect({ exit: r.exitCode, restartable: out.restartable }).toEqual({ exit: out.problems.length ? 1 : 0, restartable: !out.problems.length });
  return out.problems.map((p) => p.code);
}

/** Bytes saved from the scope's pipe buffers: the size of the PIPEDATA section. */
export function pipeDataBytes(image: string): number {
  return sections(readFileSync(image)).filter((s) => s.type === SEC_PIPEDATA).reduce((n, s) => n + s.size, 0);
}

export interface MapsEntry {
  perms: string;
  dev: string;
  inode: number;
  path: string;
}

/** The /proc/PID/maps line of the mapping that starts at addr (hex, with or without 0x). */
export function mapsAt(pid: number, addr: string): MapsEntry | null {
  const start = BigInt(addr.startsWith('0x') ? addr : `0x${addr}`);
  for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
    const m = line.match(/^([0-9a-f]+)-[0-9a-f]+ (\S+) \S+ (\S+) (\d+)\s*(.*)$/);
    if (m && BigInt(`0x${m[1]}`) === start) return { perms: m[2] ?? '', dev: m[3] ?? '', inode: Number(m[4]), path: m[5] ?? '' };
  }
  return null;
}

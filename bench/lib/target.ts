/**
 * The checkpoint target (bench/programs/memtouch.c): starts it, waits until every process
 * has filled its memory, and measures how much anonymous memory the scope really touched.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildHelper } from './compile.js';
import { LineStream } from './lines.js';
import { exitOf, type Exit } from './proc.js';

export interface TargetShape {
  /** MiB of private anonymous memory per process. */
  readonly mib: number;
  readonly threads: number;
  readonly procs: number;
}

export interface Target {
  readonly child: ChildProcessWithoutNullStreams;
  readonly out: LineStream;
  readonly rootPid: number;
  readonly pids: readonly number[];
  /** The root's checksum as printed when ready: a restored root must report the same. */
  readonly rootCsum: string;
  /** Anonymous memory of all processes (smaps_rollup "Anonymous"), in bytes. */
  readonly touchedBytes: number;
  readonly exited: Promise<Exit>;
}

/** "ready PID CSUM" */
export function parseReady(line: string): { pid: number; csum: string } | null {
  const m = /^ready (\d+) ([0-9a-f]{16})$/.exec(line.trim());
  return m && m[1] !== undefined && m[2] !== undefined ? { pid: Number(m[1]), csum: m[2] } : null;
}

/** The "Anonymous:" figure of a process's /proc/PID/smaps_rollup, in bytes. */
export function anonymousBytes(smapsRollup: string): number {
  const m = /^Anonymous:\s+(\d+) kB$/m.exec(smapsRollup);
  return m && m[1] !== undefined ? Number(m[1]) * 1024 : NaN;
}

export async function startTarget(shape: TargetShape, readyTimeoutMs: number): Promise<Target> {
  const bin = buildHelper('memtouch');
  const args = ['-m', String(shape.mib), '-t', String(shape.threads), '-p', String(shape.procs)];
  // explicit stdio and nothing else: the engine refuses inherited pipes above fd 2
  const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const out = new LineStream(child.stdout, 'the target');
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exited = exitOf(child);
  const pids: number[] = [];
  let rootCsum = '';
  try {
    for (let i = 0; i < shape.procs; i++) {
      const ready = parseReady(await out.next((l) => parseReady(l) !== null, readyTimeoutMs));
      if (ready === null) throw new Error('unreachable');
      pids.push(ready.pid);
      if (ready.pid === child.pid) rootCsum = ready.csum;
    }
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}${stderr ? `: ${stderr.trim()}` : ''}`);
  }
  const touchedBytes = pids.reduce((sum, p) => sum + anonymousBytes(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8')), 0);
  return { child, out, rootPid: child.pid ?? -1, pids, rootCsum, touchedBytes, exited };
}

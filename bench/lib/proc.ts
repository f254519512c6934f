/** Spawning, timing and reaping the processes the benchmark drives. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface Timed extends Exit {
  /** Wall time from spawn to exit on the monotonic clock. */
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Resolves when the child has exited and been reaped (its pid is free again). */
export function exitOf(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Runs a command to completion with no stdin, timing it with the monotonic clock. */
export async function timed(cmd: string, args: readonly string[], timeoutMs: number): Promise<Timed> {
  const t0 = nowMs();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exited = exitOf(child);
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  const e = await Promise.race([exited, spawnFailed]);
  const ms = nowMs() - t0;
  return { ...e, ms, stdout, stderr };
}

/** Waits until none of `pids` exists any more (orphans reaped by init), up to `timeoutMs`. */
export async function pidsGone(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  const deadline = nowMs() + timeoutMs;
  while (pids.some((p) => existsSync(`/proc/${p}`))) {
    if (nowMs() > deadline) return false;
    await new Promise((r) => setTimeout(r, 2));
  }
  return true;
}

export function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

/** The last non-empty line of a command's stderr: the engine's one-line error. */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  return lines[lines.length - 1] ?? '(no message)';
}

/**
 * A child process the e2e tests drive: spawned with explicit stdio through exec-clean (no
 * inherited descriptors beyond 0-2), its stdout/stderr collected, its exit awaited (Node
 * reaps it: a zombie would keep its pid taken). Every Proc and every restored pid is
 * tracked so afterEach can kill what a failing test left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const live = new Set<Proc>();
/** restored pid → the cr_restart pid that is its parent (guards against pid reuse) */
const restored = new Map<number, number>();

export class Proc {
  readonly child: ChildProcess;
  readonly pid: number;
  out = '';
  err = '';
  exit: Exit | null = null;
  readonly exited: Promise<Exit>;
  private wake: Array<() => void> = [];

  constructor(wrapper: string, cmd: string, args: readonly string[], opts: { cwd?: string; stdin?: 'pipe' | 'ignore' } = {}) {
    this.child = spawn(wrapper, [cmd, ...args], { cwd: opts.cwd, stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'] });
    if (this.child.pid === undefined) throw new Error(`could not spawn ${cmd}`);
    this.pid = this.child.pid;
    live.add(this);
    this.child.stdout?.on('data', (d: Buffer) => { this.out += d.toString(); this.notify(); });
    this.child.stderr?.on('data', (d: Buffer) => { this.err += d.toString(); this.notify(); });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        live.delete(this);
        this.notify();
        resolve(this.exit);
      });
    });
  }

  private notify(): void {
    for (const w of this.wake.splice(0)) w();
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** Resolve with the first stdout line matching re; reject on exit or timeout, quoting the output. */
  async waitLine(re: RegExp, ms = 15000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      for (const line of this.out.split('\n')) {
        const m = line.match(re);
        if (m) return m;
      }
      if (this.exit && this.child.stdout?.readableEnded !== false)
        throw new Error(`pid ${this.pid} exited (${JSON.stringify(this.exit)}) without printing ${re}; stdout: ${this.out} stderr: ${this.err}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${re} from pid ${this.pid}; stdout: ${this.out} stderr: ${this.err}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.wake.push(() => { clearTimeout(t); r(); });
      });
    }
  }

  signal(sig: NodeJS.Signals): void {
    process.kill(this.pid, sig);
  }

  write(data: string): void {
    this.child.stdin?.write(data);
  }
}

export function trackRestored(pid: number, parent: number): void {
  restored.set(pid, parent);
}

/** Fields of /proc/PID/status, or null when the process is gone. */
export function procStatus(pid: number): Record<string, string> | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

/** The one-letter state (R, S, T, Z, ...) or null when gone. */
export function procState(pid: number): string | null {
  return procStatus(pid)?.['State']?.charAt(0) ?? null;
}

export function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function ownProgram(pid: number): boolean {
  try {
    return /test-programs|python/.test(readlinkSync(`/proc/${pid}/exe`));
  } catch {
    return false;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Kill whatever a test left behind: restored processes first (their parent may die), then Procs. */
export async function killLeftovers(): Promise<void> {
  for (const [pid, parent] of restored) {
    const st = procStatus(pid);
    if (st && (st['PPid'] === String(parent) || (st['PPid'] === '1' && ownProgram(pid)))) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }
  restored.clear();
  const waits = [...live].map((p) => {
    try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
    // an unref'd bound: a process that never exits must not keep jest alive either
    return Promise.race([p.exited, new Promise<void>((r) => setTimeout(r, 5000).unref())]);
  });
  await Promise.all(waits);
}

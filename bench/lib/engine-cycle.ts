/**
 * One checkpoint/restart cycle of the engine (build/bin/cr_checkpoint, cr_restart):
 * start the target → cr_checkpoint --kill (timed, "frozen X ms" from -v) → await reaping →
 * cr_restart (timed until the restored root answers "ping") → "verify" (checksum equal to the
 * original) → SIGUSR1 (every process re-verifies and exits 0; cr_restart mirrors the status).
 */
import { spawn } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineStream } from './lines.js';
import { BIN_DIR } from './paths.js';
import { exitOf, killQuietly, lastLine, nowMs, pidsGone, timed } from './proc.js';
import { startTarget, type TargetShape } from './target.js';

export interface CycleOptions {
  readonly shape: TargetShape;
  /** '--pid' for one process (threads included), '--tree' for a process tree. */
  readonly scope: '--pid' | '--tree';
  readonly imageDir: string;
  readonly sync: boolean;
}

export interface Cycle {
  readonly checkpointMs: number;
  readonly frozenMs: number | null;
  readonly restartMs: number;
  readonly imageBytes: number;
  readonly touchedBytes: number;
}

/** The engine declined the scope (exit 52) or something broke: the bench reports it and goes on. */
export class CycleError extends Error {
  constructor(readonly kind: 'refused' | 'failed', message: string) {
    super(message);
  }
}

const EXIT_UNSUPPORTED = 52;
const STEP_TIMEOUT_MS = 120_000;

/** "frozen 12.345 ms" in cr_checkpoint -v output. */
export function parseFrozenMs(stderr: string): number | null {
  const m = /frozen ([0-9.]+) ms/.exec(stderr);
  return m && m[1] !== undefined ? Number(m[1]) : null;
}

export async function runCycle(o: CycleOptions): Promise<Cycle> {
  const image = path.join(o.imageDir, `blcr-bench.${process.pid}.ctx`);
  const target = await startTarget(o.shape, STEP_TIMEOUT_MS);
  try {
    const args = ['-v', o.scope, '--kill', o.sync ? '--sync' : '--nosync', '-f', image, String(target.rootPid)];
    const ck = await timed(path.join(BIN_DIR, 'cr_checkpoint'), args, STEP_TIMEOUT_MS);
    if (ck.code === EXIT_UNSUPPORTED) throw new CycleError('refused', `engine refuses: ${lastLine(ck.stderr)}`);
    if (ck.code !== 0) throw new CycleError('failed', `cr_checkpoint exit ${ck.code ?? ck.signal}: ${lastLine(ck.stderr)}`);
    await target.exited;
    if (!(await pidsGone(target.pids, 10_000))) throw new CycleError('failed', 'checkpointed processes were not reaped');
    const imageBytes = statSync(image).size;
    const restartMs = await restartAndVerify(image, target.rootPid, target.rootCsum);
    return { checkpointMs: ck.ms, frozenMs: parseFrozenMs(ck.stderr), restartMs, imageBytes, touchedBytes: target.touchedBytes };
  } catch (e) {
    // whatever is left of the original or restored scope goes (pids are ours until reaped)
    for (const p of target.pids) killQuietly(p);
    throw e;
  } finally {
    rmSync(image, { force: true });
  }
}

async function restartAndVerify(image: string, rootPid: number, csum: string): Promise<number> {
  const t0 = nowMs();
  const rst = spawn(path.join(BIN_DIR, 'cr_restart'), [image], { stdio: ['pipe', 'pipe', 'pipe'] });
  rst.stdin.write('ping\n');
  const out = new LineStream(rst.stdout, 'the restored target');
  let stderr = '';
  rst.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exited = exitOf(rst);
  const fail = (what: string): CycleError => new CycleError('failed', `${what}${stderr ? `: ${lastLine(stderr)}` : ''}`);
  try {
    await out.next((l) => l.startsWith('pong '), STEP_TIMEOUT_MS).catch((e: Error) => { throw fail(e.message); });
    const restartMs = nowMs() - t0;
    rst.stdin.write('verify\n');
    const verdict = await out.next((l) => /^(ok|bad) /.test(l), STEP_TIMEOUT_MS).catch((e: Error) => { throw fail(e.message); });
    if (verdict !== `ok ${csum}`) throw fail(`restored memory differs: "${verdict}", expected "ok ${csum}"`);
    // every process of the scope re-verifies and exits; cr_restart mirrors the root's status
    killQuietly(rootPid, 'SIGUSR1');
    const e = await exited;
    if (e.code !== 0) throw fail(`restored target exited ${e.code ?? e.signal} after SIGUSR1 (a process found corrupted memory)`);
    return restartMs;
  } catch (e) {
    if (rst.exitCode === null && rst.signalCode === null) killQuietly(rst.pid ?? -1);
    throw e;
  }
}

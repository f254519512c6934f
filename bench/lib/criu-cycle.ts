/**
 * The same cycle with CRIU (when $CRIU names a criu binary), for comparison: `criu dump`
 * (kills the task) and `criu restore -d` (timed until it returns with the task running), both
 * on tmpfs. The target runs in its own session with output to a file, as CRIU wants it.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildHelper } from './compile.js';
import { CycleError, type Cycle } from './engine-cycle.js';
import { exitOf, killQuietly, lastLine, nowMs, pidsGone, timed } from './proc.js';
import { anonymousBytes, parseReady } from './target.js';

const TIMEOUT_MS = 120_000;

async function waitFor(file: string, re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = nowMs() + timeoutMs;
  for (;;) {
    const m = existsSync(file) ? re.exec(readFileSync(file, 'utf8')) : null;
    if (m) return m;
    if (nowMs() > deadline) throw new CycleError('failed', `no "${re.source}" in ${file} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Bytes of all image files in a CRIU image directory. */
function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
}

export async function runCriuCycle(criu: string, mib: number, workDir: string): Promise<Cycle> {
  const dir = path.join(workDir, `blcr-bench-criu.${process.pid}`);
  const outFile = path.join(workDir, `blcr-bench-criu.${process.pid}.out`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const fd = openSync(outFile, 'w');
  const child = spawn(buildHelper('memtouch'), ['-m', String(mib), '-s'], { stdio: ['ignore', fd, 'ignore'], detached: true });
  closeSync(fd);
  const pid = child.pid ?? -1;
  const exited = exitOf(child);
  try {
    const ready = parseReady((await waitFor(outFile, /^ready .*$/m, TIMEOUT_MS))[0]);
    if (ready === null) throw new CycleError('failed', 'target did not report ready');
    const touchedBytes = anonymousBytes(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    const dump = await timed(criu, ['dump', '-t', String(pid), '-D', dir, '--display-stats'], TIMEOUT_MS);
    if (dump.code !== 0) throw new CycleError('failed', `criu dump exit ${dump.code ?? dump.signal}: ${lastLine(dump.stderr || dump.stdout)}`);
    await exited;
    await pidsGone([pid], 10_000);
    const frozen = /Frozen time:\s*([0-9]+) us/.exec(dump.stdout + dump.stderr);
    const imageBytes = dirBytes(dir);
    const rst = await timed(criu, ['restore', '-D', dir, '-d'], TIMEOUT_MS);
    if (rst.code !== 0) throw new CycleError('failed', `criu restore exit ${rst.code ?? rst.signal}: ${lastLine(rst.stderr || rst.stdout)}`);
    killQuietly(pid, 'SIGUSR1');
    const v = await waitFor(outFile, /^verified \d+ (ok|bad)$/m, TIMEOUT_MS);
    if (v[1] !== 'ok') throw new CycleError('failed', 'memory restored by criu differs');
    return {
      checkpointMs: dump.ms,
      frozenMs: frozen && frozen[1] !== undefined ? Number(frozen[1]) / 1000 : null,
      restartMs: rst.ms,
      imageBytes,
      touchedBytes,
    };
  } catch (e) {
    killQuietly(pid);
    throw e instanceof CycleError ? e : new CycleError('failed', (e as Error).message);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outFile, { force: true });
  }
}

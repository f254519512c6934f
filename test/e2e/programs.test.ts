/**
 * Every zdtm-style program: start → "ready" → cr_checkpoint --pid --kill → reap →
 * cr_restart → SIGUSR2 → the program verifies its own state and prints the result.
 */
import { afterEach, beforeAll, expect, it } from '@jest/globals';
import { execa } from 'execa';
import path from 'node:path';
import {
  PROGRAMS_SRC, buildPrograms, checkpointKillRestart, describeEngine, killLeftovers, program,
  removeScratch, scratchDir, sleep, startTarget, verify,
} from './harness.js';

describeEngine('e2e: checkpoint, kill, restart, verify', () => {
  beforeAll(() => buildPrograms(), 120000);
  afterEach(async () => {
    await killLeftovers();
    removeScratch();
  });

  /** The default cycle: the pid comes back and the program passes its own checks. */
  async function roundTrip(cmd: string, args: string[] = []): Promise<string> {
    const dir = scratchDir(path.basename(cmd));
    const t = await startTarget(cmd, args, { cwd: dir });
    const { cr, pid } = await checkpointKillRestart(t, dir);
    expect(pid).toBe(t.pid);
    const { line, exit } = await verify(cr, pid);
    expect(line).toMatch(new RegExp(`^result pass pid=${t.pid}\\b`));
    expect(exit).toEqual({ code: 0, signal: null });
    return line;
  }

  it('counter + 64 MiB of patterned memory keep their values', async () => {
    const dir = scratchDir('memory');
    const t = await startTarget(program('memory'), ['64'], { cwd: dir });
    t.signal('SIGUSR1');
    const before = Number((await t.waitLine(/^count (\d+)$/))[1]);
    const { cr, pid } = await checkpointKillRestart(t, dir);
    expect(pid).toBe(t.pid);
    const { line, exit } = await verify(cr, pid);
    expect(line).toMatch(/^result pass /);
    expect(Number(line.match(/count=(\d+)/)?.[1])).toBeGreaterThanOrEqual(before);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('a file read and written at offsets: positions, modes, FD_CLOEXEC', async () => {
    const dir = scratchDir('file-offset');
    const t = await startTarget(program('file-offset'), [path.join(dir, 'data')], { cwd: dir });
    const { cr, pid } = await checkpointKillRestart(t, dir);
    const { line, exit } = await verify(cr, pid);
    expect(line).toMatch(/^result pass /);
    expect(exit.code).toBe(0);
  });

  it('a SIGUSR1 handler still fires after the restart', async () => {
    const dir = scratchDir('sighandler');
    const t = await startTarget(program('sighandler'), [], { cwd: dir });
    const { cr, pid } = await checkpointKillRestart(t, dir);
    process.kill(pid, 'SIGUSR1');
    await sleep(50);
    const { line, exit } = await verify(cr, pid);
    expect(line).toMatch(/^result pass /);
    expect(exit.code).toBe(0);
  });

  it('the blocked signal mask and pending signals are identical', async () => {
    await roundTrip(program('sigmask'));
  });

  it('an ITIMER_REAL timer keeps ticking', async () => {
    await roundTrip(program('itimer'));
  });

  it('an ITIMER_REAL timer whose SIGALRM is pending (blocked) at checkpoint time keeps ticking', async () => {
    await roundTrip(program('itimer'), ['pending']);
  });

  it('clock_gettime through the vDSO works and stays monotonic', async () => {
    await roundTrip(program('vdso-clock'));
  });

  it('AVX/FMA registers mid-computation: checksum equals an uninterrupted run', async () => {
    const iterations = '400000000';
    const reference = await execa(program('avx'), [iterations], { reject: false, stdin: 'ignore' });
    expect(reference.exitCode).toBe(0);
    const want = reference.stdout.match(/checksum=(0x[0-9a-f]+)/)?.[1];
    expect(want).toBeDefined();
    const dir = scratchDir('avx');
    const t = await startTarget(program('avx'), [iterations], { cwd: dir });
    await sleep(100);
    const { cr, pid } = await checkpointKillRestart(t, dir);
    expect(t.out).not.toMatch(/result/); // it was killed mid-loop, before printing
    expect(pid).toBe(t.pid);
    const m = await cr.waitLine(/^result .*$/);
    expect(m[0]).toBe(`result pass pid=${t.pid} checksum=${want}`);
    expect((await cr.exited).code).toBe(0);
  });

  it('a statically linked program (memory-static, 8 MiB)', async () => {
    await roundTrip(program('memory-static'), ['8']);
  });

  it('a Python interpreter in a loop checks its own state', async () => {
    const py = (await execa('python3', ['-c', 'import sys; print(sys.executable)'])).stdout.trim();
    await roundTrip(py, [path.join(PROGRAMS_SRC, 'loop.py')]);
  });

  it.each(['pause', 'nanosleep', 'futex'])('a process blocked in %s resumes correctly', async (mode) => {
    const line = await roundTrip(program('blocking'), [mode]);
    expect(line).toContain(mode);
  });

  it('a process blocked in read(0) gets the data written to cr_restart\'s stdin', async () => {
    const dir = scratchDir('blocking-read');
    const t = await startTarget(program('blocking'), ['read'], { cwd: dir, stdin: 'pipe' });
    const { cr, pid } = await checkpointKillRestart(t, dir, { stdin: 'pipe' });
    cr.write('ping\n');
    await sleep(50);
    const { line, exit } = await verify(cr, pid);
    expect(line).toBe(`result pass pid=${t.pid} read`);
    expect(exit.code).toBe(0);
  });
});

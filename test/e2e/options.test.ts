/**
 * cr_checkpoint / cr_restart options and the image tool on real processes: pid restore,
 * --no-restore-pid, --run, --stop, restarting one image twice, --noclobber, unknown
 * options, blcr-image show/check.
 */
import { afterEach, beforeAll, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BIN, buildPrograms, count, checkpoint, checkpointKillRestart, describeEngine, expectExit, killLeftovers,
  procState, procStatus, program, removeScratch, restartSync, runTool, scratchDir, sleep, startTarget, verify, verifyInPlace, waitState,
} from './harness.js';

describeEngine('e2e: checkpoint and restart options', () => {
  beforeAll(() => buildPrograms(), 120000);
  afterEach(async () => {
    await killLeftovers();
    removeScratch();
  });

  it('--no-restore-pid gives a new pid and the process still works', async () => {
    const dir = scratchDir('newpid');
    const t = await startTarget(program('memory'), ['8'], { cwd: dir });
    const { cr, pid } = await checkpointKillRestart(t, dir, { restartArgs: ['--no-restore-pid'] });
    expect(pid).not.toBe(t.pid);
    const { line, exit } = await verify(cr, pid);
    expect(line).toMatch(new RegExp(`^result pass pid=${pid} `));
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('a signal sent to cr_restart is forwarded to the restored process', async () => {
    const dir = scratchDir('forward');
    const t = await startTarget(program('memory'), ['1'], { cwd: dir });
    const { cr, pid } = await checkpointKillRestart(t, dir);
    // cr_restart catches SIGUSR2 once it mirrors the child: only from then on is forwarding promised
    for (let i = 0; i < 500 && !((BigInt(`0x${procStatus(cr.pid)?.['SigCgt'] ?? '0'}`) >> 11n) & 1n); i++) await sleep(10);
    cr.signal('SIGUSR2');
    expect((await cr.waitLine(/^result .*$/, 5000))[0]).toMatch(new RegExp(`^result pass pid=${pid} `));
    expect(await cr.exited).toEqual({ code: 0, signal: null });
  });

  it('cr_restart mirrors a death by signal', async () => {
    const dir = scratchDir('mirror');
    const t = await startTarget(program('memory'), ['1'], { cwd: dir });
    const { cr, pid } = await checkpointKillRestart(t, dir);
    process.kill(pid, 'SIGTERM');
    expect(await cr.exited).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('--run (default) leaves the original running: its counter still advances', async () => {
    const dir = scratchDir('run');
    const t = await startTarget(program('memory'), ['8'], { cwd: dir });
    const r = await checkpoint(['--pid', '--run', '--nosync', '-f', path.join(dir, 'ctx'), String(t.pid)]);
    expectExit(r, 0);
    const a = await count(t);
    await sleep(100);
    expect(await count(t)).toBeGreaterThan(a);
    expect(procState(t.pid)).toMatch(/^[RS]$/);
    await verifyInPlace(t);
  });

  it('--stop leaves the original stopped (state T); SIGCONT resumes it intact', async () => {
    const dir = scratchDir('stop');
    const t = await startTarget(program('memory'), ['8'], { cwd: dir });
    const r = await checkpoint(['--pid', '--stop', '--nosync', '-f', path.join(dir, 'ctx'), String(t.pid)]);
    expectExit(r, 0);
    expect(await waitState(t.pid, /^T$/)).toBe('T');
    t.signal('SIGCONT');
    expect(await waitState(t.pid, /^[RS]$/)).toMatch(/^[RS]$/);
    await verifyInPlace(t);
  });

  it('restarting one image twice: the second fails with 16 naming the first, which keeps running', async () => {
    const dir = scratchDir('twice');
    const t = await startTarget(program('memory'), ['8'], { cwd: dir });
    const { image, cr, pid } = await checkpointKillRestart(t, dir);
    const second = await restartSync([image]);
    expect(second.exitCode).toBe(16);
    expect(second.stderr).toContain(String(pid));
    expect(second.stderr).toContain('--no-restore-pid');
    expect(cr.running).toBe(true);
    const { line, exit } = await verify(cr, pid);
    expect(line).toMatch(/^result pass /);
    expect(exit.code).toBe(0);
  });

  it('--noclobber on an existing file exits 17 and leaves file and target alone', async () => {
    const dir = scratchDir('noclobber');
    const t = await startTarget(program('memory'), ['1'], { cwd: dir });
    const file = path.join(dir, 'ctx');
    writeFileSync(file, 'precious\n');
    const r = await checkpoint(['--pid', '--noclobber', '--nosync', '-f', file, String(t.pid)]);
    expect(r.exitCode).toBe(17);
    expect(readFileSync(file, 'utf8')).toBe('precious\n');
    await verifyInPlace(t);
  });

  it('an unknown option exits 255 for cr_checkpoint and cr_restart', async () => {
    expect((await checkpoint(['--no-such-option', '1'])).exitCode).toBe(255);
    expect((await restartSync(['--no-such-option', 'x'])).exitCode).toBe(255);
  });

  it('blcr-image show --json and check --json describe a good image', async () => {
    const dir = scratchDir('image');
    const t = await startTarget(program('file-offset'), [path.join(dir, 'data')], { cwd: dir });
    const image = path.join(dir, 'ctx');
    expectExit(await checkpoint(['--pid', '--kill', '--nosync', '-f', image, String(t.pid)]), 0);
    await t.exited;
    const show = await runTool(BIN.image, ['show', image, '--json']);
    expectExit(show, 0);
    const doc = JSON.parse(show.stdout) as {
      format: number; arch: string; processes: Array<{ pid: number; comm: string; exe: string; cwd: string; vmas: unknown[]; fds?: Array<{ fd: number; pos?: number }> }>;
    };
    expect(doc).toMatchObject({ format: 1, arch: 'x86_64' });
    const p = doc.processes[0];
    expect(p).toMatchObject({ pid: t.pid, comm: 'file-offset', exe: program('file-offset'), cwd: dir });
    expect(p?.vmas.length).toBeGreaterThan(5);
    const check = await runTool(BIN.image, ['check', image, '--json']);
    expectExit(check, 0);
    expect(JSON.parse(check.stdout)).toMatchObject({ restartable: true, pid: t.pid, problems: [] });
    const text = await runTool(BIN.image, ['show', image]);
    expectExit(text, 0);
  });

  it('blcr-image check on an image whose pid is in use lists BLCR_E_PID_IN_USE', async () => {
    const dir = scratchDir('check-busy');
    const t = await startTarget(program('memory'), ['1'], { cwd: dir });
    const image = path.join(dir, 'ctx');
    expectExit(await checkpoint(['--pid', '--nosync', '-f', image, String(t.pid)]), 0);
    const check = await runTool(BIN.image, ['check', image, '--json']);
    expect(check.exitCode).toBe(1);
    const doc = JSON.parse(check.stdout) as { restartable: boolean; problems: Array<{ code: string; message: string }> };
    expect(doc.restartable).toBe(false);
    expect(doc.problems.map((x) => x.code)).toContain('BLCR_E_PID_IN_USE');
    await verifyInPlace(t);
  });
});

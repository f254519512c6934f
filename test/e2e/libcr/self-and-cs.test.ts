/**
 * A process that checkpoints itself (cr_request_checkpoint on its own pid, then
 * cr_wait_checkpoint / cr_reap_checkpoint) and is restarted from its own image; and a
 * critical section that delays a checkpoint until cr_leave_cs().
 */
import { afterEach, beforeAll, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  checkpoint, expectExit, killLeftovers, removeScratch, scratchDir, startRestart, startTarget, waitRestored,
} from '../harness.js';
import { buildLibcrPrograms, describeLibcr, libcrProgram } from './libcr-harness.js';

describeLibcr('e2e libcr: self-checkpoint and critical sections', () => {
  beforeAll(() => buildLibcrPrograms(), 120000);
  afterEach(async () => {
    await killLeftovers();
    removeScratch();
  });

  const variants = [
    { dest: 'cwd', scope: 'proc', title: 'CR_SCOPE_PROC, CR_DEST_CWD' },
    { dest: 'fd', scope: 'proc', title: 'CR_SCOPE_PROC, cr_fd' },
    { dest: 'cwd', scope: 'tree', title: 'CR_SCOPE_TREE: its own checkpointer is left out' },
  ] as const;
  for (const { dest, scope, title } of variants) {
    it(`checkpoints itself (${title}), then restarts from its own image: reap says CR_ERESTARTED`, async () => {
      const dir = scratchDir(`self-${dest}-${scope}`);
      const arg = dest === 'cwd' ? '-' : path.join(dir, 'self.ctx');
      const t = await startTarget(libcrProgram('self-checkpoint'), [arg, '5', scope], { cwd: dir });
      await t.waitLine(/^reap continue count=5$/);
      await t.waitLine(/^count 8$/);
      const image = dest === 'cwd' ? path.join(dir, `context.${t.pid}`) : arg;
      expect(existsSync(image)).toBe(true);
      t.signal('SIGKILL');
      await t.exited;

      const cr = startRestart(image);
      const pid = await waitRestored(cr);
      expect(pid).toBe(t.pid);
      await cr.waitLine(/^reap restarted count=5$/);
      await cr.waitLine(/^count 7$/);
      // the state continues from the checkpoint: 6 follows 5, nothing repeated
      const counts = cr.out.split('\n').filter((l) => /^count \d+$/.test(l)).map((l) => Number(l.slice(6)));
      expect(counts.slice(0, 2)).toEqual([6, 7]);
      process.kill(pid, 'SIGUSR2');
      await cr.waitLine(/^result pass count=\d+$/);
      expect(await cr.exited).toEqual({ code: 0, signal: null });
      expect(existsSync(image)).toBe(true);
    });
  }

  it('a checkpoint requested while a thread holds cr_enter_cs for 1 s waits for cr_leave_cs', async () => {
    const dir = scratchDir('cs');
    const t = await startTarget(libcrProgram('cs-delay'), ['1000'], { cwd: dir });
    t.signal('SIGUSR1');
    const entered = Number((await t.waitLine(/^cs-enter (\d+)$/))[1]);
    const started = Date.now();
    expectExit(await checkpoint(['--pid', '--nosync', '-f', path.join(dir, 'c'), String(t.pid)]), 0);
    const took = Date.now() - started;
    const left = Number((await t.waitLine(/^cs-leave (\d+)$/))[1]);
    const cb = Number((await t.waitLine(/^callback (\d+) rc=0$/))[1]);
    expect(left - entered).toBeGreaterThanOrEqual(1000);
    // the callback (the start of the checkpoint) came only after the section was left
    expect(cb).toBeGreaterThanOrEqual(left);
    // and cr_checkpoint waited for it: most of the second the section still had to run
    expect(took).toBeGreaterThanOrEqual(600);
    t.signal('SIGUSR2');
    await t.waitLine(/^result pass$/);
    expect(await t.exited).toEqual({ code: 0, signal: null });
  });

  it('without a critical section the same checkpoint does not wait', async () => {
    const dir = scratchDir('cs-none');
    const t = await startTarget(libcrProgram('cs-delay'), ['1000'], { cwd: dir });
    const started = Date.now();
    expectExit(await checkpoint(['--pid', '--nosync', '-f', path.join(dir, 'c'), String(t.pid)]), 0);
    expect(Date.now() - started).toBeLessThan(900);	// vs >= 1000 ms of section above
    await t.waitLine(/^callback \d+ rc=0$/);
    t.signal('SIGUSR2');
    expect(await t.exited).toEqual({ code: 0, signal: null });
  });
});

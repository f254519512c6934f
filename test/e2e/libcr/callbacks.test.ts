/**
 * Checkpoint callbacks through the engine: a TCP client that closes its connection in a
 * callback and reconnects after a continue and after a restart; thread- and
 * signal-context callbacks in a multithreaded program (0 on continue, > 0 on restart,
 * BLCR's ordering); a program written only against BLCR's documented API; a callback
 * that refuses (exit code = its user code); a callback that hangs (-t gives up, the
 * process runs on, unfrozen).
 */
import { afterEach, beforeAll, expect, it } from '@jest/globals';
import path from 'node:path';
import {
  checkpoint, expectExit, killLeftovers, procState, removeScratch, scratchDir, sleep,
  startRestart, startTarget, waitRestored, type Proc,
} from '../harness.js';
import { buildLibcrPrograms, describeLibcr, libcrProgram, msgNumbers, startEchoServer } from './libcr-harness.js';

/** Lines of a process's stdout matching re. */
const linesOf = (p: Proc, re: RegExp): string[] => p.out.split('\n').filter((l) => re.test(l));

async function waitFor(cond: () => boolean, what: string, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describeLibcr('e2e libcr: checkpoint callbacks', () => {
  beforeAll(() => buildLibcrPrograms(), 120000);
  afterEach(async () => {
    await killLeftovers();
    removeScratch();
  });

  it('a TCP client closes its socket in a callback and reconnects after continue and restart', async () => {
    const server = await startEchoServer();
    try {
      const dir = scratchDir('echo');
      const t = await startTarget(libcrProgram('echo-client'), [String(server.port)], { cwd: dir });
      await waitFor(() => msgNumbers(server.lines[0]).length >= 5, 'first messages');

      // continue: the callback saw 0 and the same process goes on over a new connection
      expectExit(await checkpoint(['--pid', '--nosync', '-f', path.join(dir, 'c1'), String(t.pid)]), 0);
      await t.waitLine(/^cb reconnected rc=0 /);
      await waitFor(() => msgNumbers(server.lines[1]).length >= 5, 'messages after continue');
      const first = msgNumbers(server.lines[0]);
      expect(msgNumbers(server.lines[1])[0]).toBe((first[first.length - 1] ?? 0) + 1);

      // restart: killed after the checkpoint, restored, reconnects (rc > 0), counts on
      const image = path.join(dir, 'c2');
      expectExit(await checkpoint(['--pid', '--kill', '--nosync', '-f', image, String(t.pid)]), 0);
      expect(await t.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const saved = msgNumbers(server.lines[1]);
      const cr = startRestart(image);
      const pid = await waitRestored(cr);
      expect(pid).toBe(t.pid);
      await cr.waitLine(/^cb reconnected rc=1 /);
      await waitFor(() => msgNumbers(server.lines[2]).length >= 5, 'messages after restart');
      expect(msgNumbers(server.lines[2])[0]).toBe((saved[saved.length - 1] ?? 0) + 1);
      process.kill(pid, 'SIGUSR2');
      const m = await cr.waitLine(/^result pass count=(\d+)$/);
      expect(Number(m[1])).toBeGreaterThan(saved.length + first.length);
      expect(await cr.exited).toEqual({ code: 0, signal: null });
    } finally {
      await server.close();
    }
  });

  it('thread- and signal-context callbacks in three threads see 0 on continue and 1 on restart', async () => {
    const dir = scratchDir('mt');
    const t = await startTarget(libcrProgram('mt-callbacks'), [], { cwd: dir });
    const cbs = /^cb (thread|signal) (\S+) .*rc=(-?\d+)$/;

    expectExit(await checkpoint(['--pid', '--nosync', '-f', path.join(dir, 'c1'), String(t.pid)]), 0);
    await waitFor(() => linesOf(t, cbs).length === 6, 'six callbacks');
    expect(linesOf(t, cbs).map((l) => l.match(cbs)?.slice(1, 3).join(' ')).sort())
      .toEqual(['signal main1', 'signal main2', 'signal w1', 'signal w2', 'thread t1', 'thread t2']);
    expect(linesOf(t, cbs).every((l) => l.endsWith(' rc=0'))).toBe(true);
    expect(t.out).toMatch(new RegExp(`^info requester=\\d+ target=${t.pid} scope=0 signal=0 dest=\\S*c1$`, 'm'));

    const image = path.join(dir, 'c2');
    expectExit(await checkpoint(['--pid', '--kill', '--nosync', '-f', image, String(t.pid)]), 0);
    await t.exited;
    const cr = startRestart(image);
    const pid = await waitRestored(cr);
    await waitFor(() => linesOf(cr, cbs).length === 6, 'six callbacks after the restart');
    expect(linesOf(cr, cbs).every((l) => l.endsWith(' rc=1'))).toBe(true);
    expect(cr.out).toMatch(/^restart-info requester=\d+ src=\S*c2$/m);
    process.kill(pid, 'SIGUSR2');
    await cr.waitLine(/^result pass$/);
    expect(await cr.exited).toEqual({ code: 0, signal: null });
    // all thread-context callbacks reached cr_checkpoint() before any signal-context one ran
    expect(`${t.out}${cr.out}`).not.toMatch(/order-violation/);
    // signal-context callbacks of one thread run LIFO: main2 (registered last) first
    expect(cr.out).toMatch(/^main-order 21$/m);
  });

  it('a program written against BLCR\'s documented API compiles unchanged and its callback runs', async () => {
    const dir = scratchDir('api');
    const t = await startTarget(libcrProgram('blcr-api'), [], { cwd: dir });
    expectExit(await checkpoint(['--pid', '--nosync', '-f', path.join(dir, 'c'), String(t.pid)]), 0);
    await t.waitLine(/^callback continue$/);
    t.signal('SIGUSR2');
    await t.waitLine(/^result pass$/);
    expect(await t.exited).toEqual({ code: 0, signal: null });
  });

  it('CR_CHECKPOINT_TEMP_FAILURE_CODE(42) cancels the checkpoint: exit 42, callback sees -42', async () => {
    const dir = scratchDir('fail');
    const t = await startTarget(libcrProgram('blcr-api'), ['fail'], { cwd: dir });
    const r = await checkpoint(['--pid', '--nosync', '-f', path.join(dir, 'c'), String(t.pid)]);
    expect(r.exitCode).toBe(42);
    await t.waitLine(/^callback failure 42 /);
    t.signal('SIGUSR2');
    expect(await t.exited).toEqual({ code: 0, signal: null });
  });

  it('a hanging callback: cr_checkpoint -t 2 gives up (62) and the process runs on unfrozen', async () => {
    const dir = scratchDir('hang');
    const t = await startTarget(libcrProgram('mt-callbacks'), ['hang'], { cwd: dir });
    const started = Date.now();
    const r = await checkpoint(['--pid', '-t', '2', '--nosync', '-f', path.join(dir, 'c'), String(t.pid)]);
    expect(r.exitCode).toBe(62);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);	// -t counts whole seconds
    const ticks = (): number => linesOf(t, /^tick \d+$/).length;
    const before = ticks();
    await sleep(400);
    expect(ticks()).toBeGreaterThan(before);
    expect(procState(t.pid)).toMatch(/^[RS]$/);
    t.signal('SIGUSR2');
    await t.waitLine(/^result pass$/);
    expect(await t.exited).toEqual({ code: 0, signal: null });
  });
});

/**
 * Every bad input: each failure has its own exit code, leaves the target running and
 * unharmed, and leaves no partial file; restart refuses bad images before creating anything.
 */
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { execa } from 'execa';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BIN, Proc, buildPrograms, checkpoint, children, describeEngine, expectExit, killLeftovers,
  procState, procStatus, program, removeScratch, restartSync, scratchDir, verifyInPlace, sleep, startRestart, startTarget, verify,
  waitRestored, waitState,
} from './harness.js';
import { HDR, HEADER_STRUCT_SIZE, SEC_PAGES, SEC_VMAS, headerChecksum, rewriteHeaderU32, section } from './image-file.js';

function flip(img: Buffer, off: number): void {
  img.writeUInt8(img.readUInt8(off) ^ 0x41, off);
}

function freePid(): number {
  const max = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
  for (let p = max - 1; p > 300; p--) if (!existsSync(`/proc/${p}`)) return p;
  throw new Error('no free pid');
}

describeEngine('e2e: cr_checkpoint failures leave the target running', () => {
  beforeAll(() => buildPrograms(), 120000);
  afterEach(async () => {
    await killLeftovers();
    removeScratch();
  });

  it('a nonexistent pid exits 3', async () => {
    const dir = scratchDir('nopid');
    const r = await checkpoint(['--pid', '-f', path.join(dir, 'ctx'), String(freePid())]);
    expect(r.exitCode).toBe(3);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('no permission (user nobody against a root process) exits 1; the target still runs', async () => {
    const dir = scratchDir('perm');
    chmodSync(dir, 0o777);
    const t = await startTarget(program('memory'), ['4'], { cwd: dir });
    const r = await checkpoint(['--pid', '-f', path.join(dir, 'ctx'), String(t.pid)], { user: 'nobody' });
    expect(r.exitCode).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
    expect(procState(t.pid)).toMatch(/^[RS]$/);
    await verifyInPlace(t);
  });

  it('disk full (64 MiB into a 2 MiB tmpfs) exits 28, leaves no file; the target still runs', async () => {
    const dir = scratchDir('enospc');
    const mnt = path.join(dir, 'full');
    mkdirSync(mnt);
    const m = await execa('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'blcr-e2e', mnt], { reject: false });
    expect(m.exitCode).toBe(0);
    try {
      const t = await startTarget(program('memory'), ['64'], { cwd: dir });
      const r = await checkpoint(['--pid', '-f', path.join(mnt, 'ctx'), String(t.pid)]);
      expect(r.exitCode).toBe(28);
      expect(readdirSync(mnt)).toEqual([]);
      expect(procState(t.pid)).toMatch(/^[RS]$/);
      await verifyInPlace(t);
    } finally {
      await execa('umount', [mnt], { reject: false });
    }
  });

  it('the checkpointer SIGKILLed halfway through 512 MiB: target still works, nothing left behind', async () => {
    const dir = scratchDir('halfway');
    const t = await startTarget(program('memory'), ['512'], { cwd: dir });
    const ck = new Proc(program('exec-clean'), BIN.checkpoint, ['--pid', '-f', path.join(dir, 'ctx'), String(t.pid)]);
    let wchar = 0;
    while (ck.running && wchar < 32 << 20) {
      const io = (() => { try { return readFileSync(`/proc/${ck.pid}/io`, 'utf8'); } catch { return ''; } })();
      wchar = Number(io.match(/^wchar: (\d+)/m)?.[1] ?? 0);
      await sleep(2);
    }
    expect(ck.running).toBe(true); // killed mid-dump, not after it finished
    ck.signal('SIGKILL');
    expect((await ck.exited).signal).toBe('SIGKILL');
    expect(await waitState(t.pid, /^[RS]$/)).toMatch(/^[RS]$/);
    expect(procStatus(t.pid)?.['TracerPid']).toBe('0');
    expect(readdirSync(dir)).toEqual([]);
    await verifyInPlace(t);
  });

  it('an unsupported resource (a TCP socket) exits 52 naming the pid; the process still works', async () => {
    const dir = scratchDir('socket');
    const t = await startTarget(program('tcp-socket'), [], { cwd: dir });
    const r = await checkpoint(['--pid', '-f', path.join(dir, 'ctx'), String(t.pid)]);
    expect(r.exitCode).toBe(52);
    const fd = (await t.waitLine(/^fd (\d+)$/))[1] ?? '?';
    expect(r.stderr).toContain(String(t.pid));
    expect(r.stderr).toContain(`fd ${fd}`);
    expect(readdirSync(dir)).toEqual([]);
    await verifyInPlace(t);
  });
});

describeEngine('e2e: cr_restart refuses bad images', () => {
  let good = '';
  let origPid = 0;
  beforeAll(async () => {
    await buildPrograms();
    const dir = scratchDir('good-image');
    const t = await startTarget(program('memory'), ['4'], { cwd: dir });
    good = path.join(dir, 'good');
    expectExit(await checkpoint(['--pid', '--kill', '--nosync', '-f', good, String(t.pid)]), 0);
    await t.exited;
    origPid = t.pid;
  }, 120000);
  afterEach(() => killLeftovers());
  afterAll(() => removeScratch());

  /** A writable copy of the good image, changed by edit. */
  function damaged(name: string, edit: (img: Buffer) => Buffer | void): string {
    const file = path.join(path.dirname(good), name);
    copyFileSync(good, file);
    chmodSync(file, 0o600);
    const img = readFileSync(file);
    writeFileSync(file, edit(img) ?? img);
    return file;
  }

  async function refused(file: string, code: number): Promise<void> {
    const r = await restartSync([file]);
    expectExit(r, code);
    expect(procStatus(origPid)).toBeNull();
  }

  it('not a context file exits 70', async () => {
    const file = path.join(path.dirname(good), 'text');
    writeFileSync(file, 'this is not a context file\n'.repeat(400));
    await refused(file, 70);
  });

  it('a truncated file exits 70', async () => {
    const file = damaged('truncated', () => undefined);
    truncateSync(file, Math.floor(readFileSync(good).length / 2));
    await refused(file, 70);
  });

  it('a corrupted byte in a metadata section (VMAS) exits 70', async () => {
    await refused(damaged('meta', (img) => { const s = section(img, SEC_VMAS); flip(img, s.off + 20); }), 70);
  });

  it('corrupted page data exits 70 during restore and leaves no process', async () => {
    const file = damaged('pages', (img) => { const s = section(img, SEC_PAGES); flip(img, s.off + Math.floor(s.size / 2) + 123); });
    await refused(file, 70);
  });

  it('another architecture (arch rewritten, hdr_csum recomputed) exits 55', async () => {
    const img = readFileSync(good);
    expect(headerChecksum(img)).toBe(img.readBigUInt64LE(HDR.hdrCsum)); // the TS port matches the engine
    expect(HEADER_STRUCT_SIZE).toBeLessThan(4096);
    await refused(damaged('aarch64', (b) => rewriteHeaderU32(b, HDR.arch, 183 /* EM_AARCH64 */)), 55);
  });
});

describeEngine('e2e: cr_restart refuses what this node cannot honour', () => {
  beforeAll(() => buildPrograms(), 120000);
  afterEach(async () => {
    await killLeftovers();
    removeScratch();
  });

  it('a pid in use exits 16 and names the holder, which is left alone', async () => {
    const dir = scratchDir('pid-busy');
    const t = await startTarget(program('memory'), ['1'], { cwd: dir });
    const image = path.join(dir, 'ctx');
    expectExit(await checkpoint(['--pid', '--nosync', '-f', image, String(t.pid)]), 0);
    const r = await restartSync([image]);
    expect(r.exitCode).toBe(16);
    expect(r.stderr).toContain(String(t.pid));
    expect(r.stderr).toContain('memory');
    expect(children(process.pid)).toContain(t.pid);
    await verifyInPlace(t);
  });

  it('a mapped file that moved exits 71; --relocate OLD=NEW restarts it', async () => {
    const dir = scratchDir('moved');
    const oldDir = path.join(dir, 'old');
    const newDir = path.join(dir, 'new');
    mkdirSync(oldDir);
    copyFileSync(program('memory'), path.join(oldDir, 'x'));
    chmodSync(path.join(oldDir, 'x'), 0o755);
    const t = await startTarget(path.join(oldDir, 'x'), ['1'], { cwd: dir });
    const image = path.join(dir, 'ctx');
    expectExit(await checkpoint(['--pid', '--kill', '--nosync', '-f', image, String(t.pid)]), 0);
    await t.exited;
    renameSync(oldDir, newDir);
    expectExit(await restartSync([image]), 71);
    const cr = startRestart(image, ['--relocate', `${oldDir}=${newDir}`]);
    const pid = await waitRestored(cr);
    expect(pid).toBe(t.pid);
    const { line, exit } = await verify(cr, pid);
    expect(line).toMatch(/^result pass /);
    expect(exit.code).toBe(0);
  });
});

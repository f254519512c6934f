/**
 * cr_run: LD_PRELOAD handling (BLCR's rules), exit status, --help/--version, a program
 * without libcr made checkpointable, and --omit leaving a process out of its parent's
 * --tree checkpoint (also when the program links libcr itself).
 */
import { afterEach, beforeAll, expect, it } from '@jest/globals';
import { execa } from 'execa';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import {
  BIN, checkpoint, expectExit, killLeftovers, program, removeScratch, runTool, scratchDir, startTarget, Proc,
} from '../harness.js';
import { CR_RUN, LIB_DIR, buildLibcrPrograms, describeLibcr, libcrProgram } from './libcr-harness.js';

const LIBC = '/lib/x86_64-linux-gnu/libc.so.6';

/** The LD_PRELOAD that PROGRAM sees under cr_run ARGS, with env's LD_PRELOAD set to `preload`. */
async function preloadSeen(args: string[], preload: string | undefined): Promise<string> {
  const env: Record<string, string | undefined> = { ...process.env, LD_PRELOAD: preload };
  if (preload === undefined) delete env['LD_PRELOAD'];
  const r = await execa(CR_RUN, [...args, 'sh', '-c', 'printf %s "$LD_PRELOAD"'], { env, extendEnv: false, reject: false });
  expect(r.exitCode).toBe(0);
  return r.stdout;
}

/** The pids saved in a context file (blcr-image show). */
function imagePids(text: string): number[] {
  return [...text.matchAll(/^process (\d+) /gm)].map((m) => Number(m[1]));
}

describeLibcr('e2e libcr: cr_run', () => {
  beforeAll(() => buildLibcrPrograms(), 120000);
  afterEach(async () => {
    await killLeftovers();
    removeScratch();
  });

  it('prepends libcr_run (absolute path) and keeps other preloads, dropping old libcr stubs', async () => {
    const run = path.join(realpathSync(LIB_DIR), 'libcr_run.so.0');
    const omit = path.join(realpathSync(LIB_DIR), 'libcr_omit.so.0');
    expect(await preloadSeen([], undefined)).toBe(run);
    expect(await preloadSeen([], `${LIBC}:libcr_omit.so.0 /x/libcr_run.so`)).toBe(`${run}:${LIBC}`);
    expect(await preloadSeen(['--omit'], LIBC)).toBe(`${omit}:${LIBC}`);
    expect(await preloadSeen(['--omit', '--run', '--'], undefined)).toBe(run);
  });

  it('exits with the program\'s status; --help and --version exit 0; no program is a usage error', async () => {
    expect((await execa(CR_RUN, ['sh', '-c', 'exit 7'], { reject: false })).exitCode).toBe(7);
    expect((await execa(CR_RUN, ['--help'], { reject: false })).stdout).toMatch(/^Usage: cr_run /);
    expect((await execa(CR_RUN, ['--version'], { reject: false })).stdout).toMatch(/^cr_run version /);
    expect((await execa(CR_RUN, [], { reject: false })).exitCode).toBe(255);
    expect((await execa(CR_RUN, ['--bogus', 'true'], { reject: false })).exitCode).toBe(255);
  });

  it('a program without libcr, run under cr_run, has the protocol block and checkpoints', async () => {
    const dir = scratchDir('crrun');
    const t = await startTarget(CR_RUN, [program('memory'), '1'], { cwd: dir });
    expect(readFileSync(`/proc/${t.pid}/maps`, 'utf8')).toContain(path.join(realpathSync(LIB_DIR), 'libcr_run.so.0'));
    expectExit(await checkpoint(['--pid', '--nosync', '-f', path.join(dir, 'c'), String(t.pid)]), 0);
    t.signal('SIGUSR2');
    expect(await t.exited).toEqual({ code: 0, signal: null });
  });

  for (const kind of ['plain', 'linked with libcr'] as const) {
    it(`cr_run --omit leaves a child (${kind}) out of its parent's --tree checkpoint`, async () => {
      const dir = scratchDir('omit');
      const child = kind === 'plain' ? [program('memory'), '1'] : [libcrProgram('cs-delay')];
      const p = new Proc(program('exec-clean'), libcrProgram('forker'), [CR_RUN, '--omit', ...child], { cwd: dir });
      const m = await p.waitLine(/^ready (\d+) child=(\d+)$/);
      const kid = Number(m[2]);
      expect(readFileSync(`/proc/${kid}/maps`, 'utf8')).toContain('libcr_omit.so.0');
      const image = path.join(dir, 'tree');
      expectExit(await checkpoint(['--tree', '--nosync', '-f', image, String(p.pid)]), 0);
      const show = await runTool(BIN.image, ['show', image]);
      expect(imagePids(show.stdout)).toEqual([p.pid]);
      p.signal('SIGUSR2');
      await p.waitLine(/^result pass$/);
      expect(await p.exited).toEqual({ code: 0, signal: null });
    });
  }
});

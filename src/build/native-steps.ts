/** Build steps: the engine (make -C native) and the kernel module (kbuild). Plain async functions. */
import path from 'node:path';
import { BlcrError } from '../model/errors.js';
import { pathOn, pathReason, tail, type BuildContext, type StepOutcome } from './build-context.js';

export async function buildEngine(ctx: BuildContext): Promise<StepOutcome> {
  const makefile = path.join(ctx.nativeDir, 'Makefile');
  if (!(await ctx.host.exists(makefile))) {
    if (ctx.skipNativeWhenAbsent) return { state: 'skipped', detail: `${makefile} is absent (BLCR_SKIP_NATIVE_BUILD=1)` };
    throw new BlcrError('BLCR_E_BUILD_FAILED', `cannot build the engine: ${makefile} is missing`, {
      hint: 'restore native/ from the release (git checkout -- native) and re-run ./configure',
    });
  }
  const args = ['-C', ctx.nativeDir, `BUILD=${ctx.buildDir}`, '-j2'];
  if (ctx.cc) args.push(`CC=${ctx.cc}`);
  const r = await ctx.host.exec('make', args, { timeoutMs: 600_000 });
  if (r.exitCode !== 0) {
    throw new BlcrError('BLCR_E_BUILD_FAILED', `engine build failed (make ${args.join(' ')} exited ${r.exitCode}):\n${tail(r.stderr || r.stdout)}`, {
      hint: 'the full output is in config.log; fix the error above and re-run ./configure',
    });
  }
  return { state: 'done', detail: `built into ${path.join(ctx.buildDir, 'bin')}` };
}

export async function buildKmod(ctx: BuildContext): Promise<StepOutcome> {
  if (!pathOn(ctx, 'kmod')) return { state: 'skipped', detail: pathReason(ctx, 'kmod') };
  const kmodDir = path.join(ctx.nativeDir, 'kmod');
  if (!(await ctx.host.exists(path.join(kmodDir, 'Kbuild'))) && !(await ctx.host.exists(path.join(kmodDir, 'Makefile')))) {
    return { state: 'skipped', detail: `${kmodDir} holds no Kbuild file yet` };
  }
  if (!ctx.withLinux) {
    throw new BlcrError('BLCR_E_NO_HEADERS', 'the kernel module path is on but no configured kernel tree was found', {
      hint: 'pass --with-linux=/lib/modules/$(uname -r)/build (or --disable-kmod)',
    });
  }
  const args = ['-C', ctx.withLinux, `M=${kmodDir}`, '-j2', 'modules'];
  if (ctx.cc) args.push(`CC=${ctx.cc}`);
  const r = await ctx.host.exec('make', args, { timeoutMs: 600_000 });
  if (r.exitCode !== 0) {
    throw new BlcrError('BLCR_E_BUILD_FAILED', `kernel module build failed (make ${args.join(' ')} exited ${r.exitCode}):\n${tail(r.stderr || r.stdout)}`, {
      hint: 'the full output is in config.log; a compiler mismatch is fixed with CC=<the gcc that built the kernel>, or build without it: --disable-kmod',
    });
  }
  return { state: 'done', detail: `built ${path.join(kmodDir, 'blcr.ko')} against ${ctx.withLinux}` };
}

/**
 * Build step: load and verify the kernel module (root, kmod path on). The loader itself is
 * the kmod engineer's `src/kmod/load.ts` (`loadModule()`); until it exists the step is
 * skipped with that reason.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BlcrError } from '../model/errors.js';
import { pathOn, pathReason, type BuildContext, type StepOutcome } from './build-context.js';

/** What configure hands the loader. */
export interface LoadRequest {
  host: BuildContext['host'];
  koPath: string;
  systemMap?: string;
  results: BuildContext['results'];
}

type LoadModule = (req: LoadRequest) => Promise<unknown>;

const LOAD_HINT = "see dmesg for the module's pr_err line; a wrong System.map is fixed with --with-system-map=PATH, or build without the module: --disable-kmod";

function describe(outcome: unknown): string {
  if (typeof outcome === 'string') return outcome;
  if (typeof outcome === 'object' && outcome !== null) {
    const o = outcome as Record<string, unknown>;
    if (typeof o.summary === 'string') return o.summary;
    if (typeof o.message === 'string') return o.message;
  }
  return 'loaded and verified';
}

export async function loadKmod(ctx: BuildContext): Promise<StepOutcome> {
  if (!pathOn(ctx, 'kmod')) return { state: 'skipped', detail: pathReason(ctx, 'kmod') };
  if (ctx.host.uid() !== 0) return { state: 'skipped', detail: 'loading the module needs root (run `blcr load` as root)' };
  const loaderJs = path.join(ctx.root, 'build', 'js', 'src', 'kmod', 'load.js');
  if (!(await ctx.host.exists(loaderJs))) return { state: 'skipped', detail: 'no module loader in this build (src/kmod/load.ts)' };
  const koPath = path.join(ctx.nativeDir, 'kmod', 'blcr.ko');
  if (!(await ctx.host.exists(koPath))) return { state: 'skipped', detail: `${koPath} was not built` };
  const mod = (await import(pathToFileURL(loaderJs).href)) as { loadModule?: LoadModule };
  if (typeof mod.loadModule !== 'function') {
    throw new BlcrError('BLCR_E_INTERNAL', `${loaderJs} exports no loadModule()`);
  }
  const req: LoadRequest = { host: ctx.host, koPath, results: ctx.results };
  if (ctx.systemMap !== undefined) req.systemMap = ctx.systemMap;
  let outcome: unknown;
  try {
    outcome = await mod.loadModule(req);
  } catch (err) {
    if (err instanceof BlcrError) throw err;
    throw new BlcrError('BLCR_E_LOAD_FAILED', `loading ${koPath} failed: ${err instanceof Error ? err.message : String(err)}`, {
      hint: LOAD_HINT,
    });
  }
  // loadModule() answers { loaded, verified, message }: a refusal is a failed step, not a quiet "done".
  if (typeof outcome === 'object' && outcome !== null && (outcome as { loaded?: unknown }).loaded === false) {
    throw new BlcrError('BLCR_E_LOAD_FAILED', `loading ${koPath} failed: ${describe(outcome)}`, { hint: LOAD_HINT });
  }
  return { state: 'done', detail: describe(outcome) };
}

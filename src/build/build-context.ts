/** What every build step sees: the host, where things go, the verdict that decides what is built. */
import type { Host } from '../host/host.js';
import type { ProbeResult } from '../model/probe.js';
import type { Verdict } from '../model/verdict.js';

export interface BuildContext {
  host: Host;
  root: string;
  buildDir: string;
  nativeDir: string;
  cc?: string;
  /** The configured kernel tree the module is built against (--with-linux or the headers probe's dir). */
  withLinux?: string;
  systemMap?: string;
  verdict: Verdict;
  results: readonly ProbeResult[];
  /** Skip the engine build when native/Makefile is absent (BLCR_SKIP_NATIVE_BUILD=1; tests only). */
  skipNativeWhenAbsent: boolean;
  configuredAt: string;
  /** Absolute path of the node binary the blcr wrapper runs. */
  nodePath: string;
}

export interface StepOutcome {
  state: 'done' | 'skipped';
  detail: string;
}

export interface BuildStep {
  id: 'engine' | 'kmod' | 'load' | 'enable';
  title: string;
  run(ctx: BuildContext): Promise<StepOutcome>;
}

export function pathOn(ctx: Pick<BuildContext, 'verdict'>, path: 'engine' | 'kmod'): boolean {
  return ctx.verdict.paths.some((p) => p.path === path && p.enabled);
}

export function pathReason(ctx: Pick<BuildContext, 'verdict'>, path: 'engine' | 'kmod'): string {
  return ctx.verdict.paths.find((p) => p.path === path)?.reason ?? `the kernel-db gave no verdict for the ${path} path`;
}

/**
 * What names a failed build's cause: the compiler's `error:` lines (up to `lines`) and
 * make's last line; without any, the last lines. The full output is in config.log.
 */
export function tail(text: string, lines = 6): string {
  const all = text.trim().split('\n');
  const errors = all.filter((l) => /(^|\s)(fatal )?error:|undefined reference|No rule to make target/.test(l) && !/^make(\[\d+\])?: \*\*\*/.test(l));
  const last = all.filter((l) => /^make(\[\d+\])?: \*\*\*/.test(l)).slice(0, 1);
  if (errors.length === 0) return all.slice(-lines).join('\n');
  return [...errors.slice(0, lines), ...last].map((l) => `  ${l.trim()}`).join('\n');
}

/**
 * Which quirks of the db apply to a kernel (and, when probe results are at hand, to a node).
 * Release, arch, flavour and releasePattern are hard filters. Probe conditions decide where
 * a probe reported: one contradicting fact drops the quirk, confirming facts apply it on any
 * version (backports); with no probe answer the version range decides.
 */
import type { FactValue, ProbeResult } from '../model/probe.js';
import type { Condition, Quirk, QuirkPath } from './types.js';
import { inRange, normalizeArch, type NormalizedRelease } from './version.js';

export interface MatchContext {
  release: NormalizedRelease;
  /** Architecture as uname -m says it; undefined skips the arch filter. */
  arch?: string;
  /** Probe results by id; absent: version-only matching (kernelSupport). */
  results?: ReadonlyMap<string, ProbeResult>;
}

/** `options.CONFIG_X` → facts.options.CONFIG_X; undefined when any step is missing. */
export function factAt(result: ProbeResult, factPath: string): FactValue | undefined {
  let cur: FactValue | undefined = result.facts;
  for (const key of factPath.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, FactValue>)[key];
  }
  return cur;
}

function sameValue(a: FactValue | undefined, b: FactValue | undefined): boolean {
  // An unset kernel option is either absent or null: both read as null.
  return (a ?? null) === (b ?? null);
}

/** true / false when the probe answered, undefined when it did not (absent, skipped, error). */
export function conditionHolds(c: Condition, results: ReadonlyMap<string, ProbeResult> | undefined): boolean | undefined {
  const [kind, id] = c.probe.split('/');
  const r = id === undefined ? undefined : results?.get(id);
  if (r === undefined || r.kind !== kind) return undefined;
  if (c.status !== undefined) return c.status.includes(r.status);
  if (r.status !== 'pass' && r.status !== 'warn' && r.status !== 'fail') return undefined;
  if (r.status === 'fail' && Object.keys(r.facts).length === 0) return undefined;
  const value = c.fact === undefined ? undefined : factAt(r, c.fact);
  if (c.nonEmpty === true) return Array.isArray(value) ? value.length > 0 : typeof value === 'string' ? value.length > 0 : false;
  if (c.in !== undefined) return c.in.some((v) => sameValue(value, v));
  return sameValue(value, c.equals);
}

/** Filters that never depend on probes. `ignoreArch` serves "supported, but not on this arch" texts. */
export function quirkSelects(q: Quirk, ctx: MatchContext, ignoreArch = false): boolean {
  if (q.flavour !== undefined && q.flavour !== ctx.release.flavour) return false;
  if (q.releasePattern !== undefined && !new RegExp(q.releasePattern).test(ctx.release.release)) return false;
  if (!ignoreArch && q.arches !== undefined && ctx.arch !== undefined && !q.arches.includes(normalizeArch(ctx.arch))) return false;
  return true;
}

export function quirkApplies(q: Quirk, ctx: MatchContext, ignoreArch = false): boolean {
  if (!quirkSelects(q, ctx, ignoreArch)) return false;
  const byRange = q.range === undefined ? undefined : inRange(ctx.release.release, q.range);
  const answers = (q.when ?? []).map((c) => conditionHolds(c, ctx.results));
  if (answers.includes(false)) return false;
  if (answers.length > 0 && answers.every((a) => a === true)) return true;
  return byRange === true;
}

/**
 * The quirks that apply, most specific first within a table: when a flavour- or
 * release-specific entry of a table applies, the generic entries of that table are dropped
 * (2.6.17-5mdv fails to build although 2.6.17 is supported).
 */
export function applicableQuirks(quirks: Quirk[], ctx: MatchContext, paths?: QuirkPath[], ignoreArch = false): Quirk[] {
  const hits = quirks.filter((q) => (paths === undefined || paths.includes(q.path)) && quirkApplies(q, ctx, ignoreArch));
  const specific = (q: Quirk): boolean => q.flavour !== undefined || q.releasePattern !== undefined;
  const refinedTables = new Set(hits.filter((q) => q.table !== undefined && specific(q)).map((q) => q.table));
  return hits.filter((q) => q.table === undefined || specific(q) || !refinedTables.has(q.table));
}

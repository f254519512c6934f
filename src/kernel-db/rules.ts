/**
 * Named semantic rules over a loaded kernel-db: what a schema cannot say. Each rule returns
 * its violations; tests run every rule on the shipped data and on crafted broken dbs, and
 * loadKernelDb() runs them in development (BLCR_DEV=1).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { PROBES_JS_DIR, PROBES_SRC_DIR } from '../util/paths.js';
import { DB_FILES } from './types.js';
import type { DbTable, KernelDb, ProbeRef } from './types.js';
import { inRange, normalizeArch, normalizeRelease, parseRange, rangesIntersect, versionOf } from './version.js';
import { seriesContiguous, seriesStatusConsistent } from './series-rules.js';

export { rangeBounds } from './series-rules.js';

export type RuleId =
  | 'unique-ids'
  | 'versions-parse'
  | 'no-overlapping-ranges'
  | 'series-contiguous'
  | 'series-status-consistent'
  | 'range-has-remedy-or-status'
  | 'quirk-has-selector'
  | 'probe-ids-exist'
  | 'implied-features-older'
  | 'proven-in-series'
  | 'distro-kernels-match';

export interface RuleViolation {
  rule: RuleId;
  table: DbTable;
  index: number;
  message: string;
}

export interface RuleOptions {
  /** Where probes/<kind>/<id>.ts live (default: the source tree, else the compiled .js tree). */
  probesDir?: string;
  probeExt?: '.ts' | '.js';
}

export type Rule = (db: KernelDb, opts: RuleOptions) => RuleViolation[];

function tryParse(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function regexError(pattern: string): string | undefined {
  return tryParse(() => new RegExp(pattern));
}

const uniqueIds: Rule = (db) => {
  const out: RuleViolation[] = [];
  const tables: [DbTable, { id: string }[]][] = [['series', db.series], ['features', db.features], ['quirks', db.quirks], ['distros', db.distros]];
  for (const [table, rows] of tables) {
    const seen = new Map<string, number>();
    rows.forEach((row, index) => {
      const first = seen.get(row.id);
      if (first !== undefined) out.push({ rule: 'unique-ids', table, index, message: `id "${row.id}" is already used by entry ${first}` });
      else seen.set(row.id, index);
    });
  }
  return out;
};

const versionsParse: Rule = (db) => {
  const out: RuleViolation[] = [];
  const bad = (table: DbTable, index: number, what: string, err: string | undefined): void => {
    if (err !== undefined) out.push({ rule: 'versions-parse', table, index, message: `${what}: ${err}` });
  };
  bad('series', 0, `newest "${db.newest}"`, tryParse(() => versionOf(db.newest)));
  db.series.forEach((s, i) => bad('series', i, `range "${s.range}"`, tryParse(() => parseRange(s.range))));
  db.features.forEach((f, i) => bad('features', i, `since "${f.since}"`, tryParse(() => versionOf(f.since))));
  db.quirks.forEach((q, i) => {
    if (q.range !== undefined) bad('quirks', i, `range "${q.range}"`, tryParse(() => parseRange(q.range ?? '')));
    if (q.since !== undefined) bad('quirks', i, `since "${q.since}"`, tryParse(() => versionOf(q.since ?? '')));
    if (q.releasePattern !== undefined) bad('quirks', i, `releasePattern "${q.releasePattern}"`, regexError(q.releasePattern));
  });
  db.distros.forEach((d, i) =>
    d.kernels.forEach((k) => {
      bad('distros', i, `release "${k.release}"`, tryParse(() => normalizeRelease(k.release)));
      bad('distros', i, `match "${k.match}"`, regexError(k.match));
    }),
  );
  db.proven.forEach((p, i) => bad('proven', i, `release "${p.release}"`, tryParse(() => normalizeRelease(p.release))));
  return out;
};

function archesMeet(a: string[] | undefined, b: string[] | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  return a.some((x) => b.map(normalizeArch).includes(normalizeArch(x)));
}

const noOverlappingRanges: Rule = (db) => {
  const out: RuleViolation[] = [];
  db.series.forEach((s, i) =>
    db.series.slice(0, i).forEach((t, j) => {
      if (rangesIntersect(s.range, t.range)) out.push({ rule: 'no-overlapping-ranges', table: 'series', index: i, message: `range "${s.range}" overlaps series ${j} "${t.id}" (${t.range})` });
    }),
  );
  db.quirks.forEach((q, i) =>
    db.quirks.slice(0, i).forEach((r, j) => {
      if (q.table === undefined || q.table !== r.table || q.range === undefined || r.range === undefined) return;
      // A flavour- or release-specific entry refines a generic one; only same-specificity entries collide.
      if (q.flavour !== r.flavour || q.releasePattern !== r.releasePattern || !archesMeet(q.arches, r.arches)) return;
      if (rangesIntersect(q.range, r.range)) {
        out.push({ rule: 'no-overlapping-ranges', table: 'quirks', index: i, message: `range "${q.range}" overlaps "${r.id}" (${r.range}) in table ${q.table}` });
      }
    }),
  );
  return out;
};

const rangeHasRemedyOrStatus: Rule = (db) =>
  db.quirks.flatMap((q, index) =>
    q.remedy === undefined && q.status === undefined
      ? [{ rule: 'range-has-remedy-or-status' as const, table: 'quirks' as const, index, message: `quirk "${q.id}" has neither a remedy nor a status` }]
      : [],
  );

const quirkHasSelector: Rule = (db) =>
  db.quirks.flatMap((q, index) =>
    q.range === undefined && (q.when === undefined || q.when.length === 0)
      ? [{ rule: 'quirk-has-selector' as const, table: 'quirks' as const, index, message: `quirk "${q.id}" has neither a range nor a when condition, so it would apply everywhere` }]
      : [],
  );

function probeLocation(opts: RuleOptions): { dir: string; ext: string } {
  if (opts.probesDir !== undefined) return { dir: opts.probesDir, ext: opts.probeExt ?? '.ts' };
  return existsSync(PROBES_SRC_DIR) ? { dir: PROBES_SRC_DIR, ext: '.ts' } : { dir: PROBES_JS_DIR, ext: '.js' };
}

/** Every probe reference of the db, with where it is used. */
export function probeRefs(db: KernelDb): { ref: ProbeRef; table: DbTable; index: number }[] {
  const refs: { ref: ProbeRef; table: DbTable; index: number }[] = [];
  db.features.forEach((f, index) => {
    if (f.probe !== undefined) refs.push({ ref: f.probe, table: 'features', index });
  });
  db.quirks.forEach((q, index) => (q.when ?? []).forEach((c) => refs.push({ ref: c.probe, table: 'quirks', index })));
  return refs;
}

const probeIdsExist: Rule = (db, opts) => {
  const { dir, ext } = probeLocation(opts);
  return probeRefs(db)
    .filter(({ ref }) => !existsSync(path.join(dir, `${ref}${ext}`)))
    .map(({ ref, table, index }) => ({ rule: 'probe-ids-exist' as const, table, index, message: `probe "${ref}" does not exist: no ${path.join(dir, `${ref}${ext}`)}` }));
};

const impliedFeaturesOlder: Rule = (db) => {
  const out: RuleViolation[] = [];
  db.features.forEach((f, index) => {
    if (f.impliedBy === undefined) return;
    const by = db.features.find((g) => g.id === f.impliedBy);
    if (by === undefined) out.push({ rule: 'implied-features-older', table: 'features', index, message: `"${f.id}" is implied by unknown feature "${f.impliedBy}"` });
    else if (by.probe === undefined) out.push({ rule: 'implied-features-older', table: 'features', index, message: `"${f.id}" is implied by "${by.id}", which no probe detects` });
    else if (semver.gt(versionOf(f.since), versionOf(by.since))) {
      out.push({ rule: 'implied-features-older', table: 'features', index, message: `"${f.id}" (${f.since}) is newer than "${by.id}" (${by.since}), so passing ${by.probe} does not imply it` });
    }
  });
  return out;
};

const provenInSeries: Rule = (db) => {
  const out: RuleViolation[] = [];
  db.proven.forEach((p, index) => {
    if (!db.series.some((s) => inRange(p.release, s.range))) out.push({ rule: 'proven-in-series', table: 'proven', index, message: `proven kernel ${p.release} is in no series` });
    if (p.distro !== undefined && !db.distros.some((d) => d.id === p.distro)) out.push({ rule: 'proven-in-series', table: 'proven', index, message: `proven kernel ${p.release} names unknown distro "${p.distro}"` });
  });
  return out;
};

const distroKernelsMatch: Rule = (db) => {
  const out: RuleViolation[] = [];
  db.distros.forEach((d, index) =>
    d.kernels.forEach((k) => {
      const n = normalizeRelease(k.release);
      if (!new RegExp(k.match).test(k.release)) out.push({ rule: 'distro-kernels-match', table: 'distros', index, message: `${k.release} does not match its own pattern ${k.match}` });
      if (n.flavour !== d.flavour) out.push({ rule: 'distro-kernels-match', table: 'distros', index, message: `${k.release} is recognised as ${n.flavour ?? 'no flavour'}, not ${d.flavour}` });
      if (!db.series.some((s) => inRange(k.release, s.range))) out.push({ rule: 'distro-kernels-match', table: 'distros', index, message: `${k.release} is in no series` });
    }),
  );
  return out;
};

export const RULES: Record<RuleId, Rule> = {
  'unique-ids': uniqueIds,
  'versions-parse': versionsParse,
  'no-overlapping-ranges': noOverlappingRanges,
  'series-contiguous': seriesContiguous,
  'series-status-consistent': seriesStatusConsistent,
  'range-has-remedy-or-status': rangeHasRemedyOrStatus,
  'quirk-has-selector': quirkHasSelector,
  'probe-ids-exist': probeIdsExist,
  'implied-features-older': impliedFeaturesOlder,
  'proven-in-series': provenInSeries,
  'distro-kernels-match': distroKernelsMatch,
};

/** Run one rule; a rule that throws (e.g. on an unparsable range) reports that as a violation. */
export function runRule(id: RuleId, db: KernelDb, opts: RuleOptions = {}): RuleViolation[] {
  try {
    return RULES[id](db, opts);
  } catch (e) {
    return [{ rule: id, table: 'series', index: 0, message: `rule failed: ${e instanceof Error ? e.message : String(e)}` }];
  }
}

/** Run every rule (versions-parse first, so later rules see parseable data). */
export function checkRules(db: KernelDb, opts: RuleOptions = {}): RuleViolation[] {
  const parse = runRule('versions-parse', db, opts);
  if (parse.length > 0) return parse;
  return (Object.keys(RULES) as RuleId[]).filter((id) => id !== 'versions-parse').flatMap((id) => runRule(id, db, opts));
}

/** `kernel-db/quirks.json#/quirks/3: [quirk-has-selector] …` */
export function formatViolation(db: KernelDb, v: RuleViolation): string {
  const where = DB_FILES[v.table];
  return `${path.join(db.dir, where.file)}#${where.array}/${v.index}: [${v.rule}] ${v.message}`;
}

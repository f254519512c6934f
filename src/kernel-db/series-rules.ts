/**
 * The rules over series.json: the series tile the whole span from 2.4.0 to the newest known
 * kernel without gaps, and each series' engine status agrees with the features it predates.
 */
import semver from 'semver';
import type { Rule, RuleViolation } from './rules.js';
import { inRange, parseRange, versionOf } from './version.js';

/** Lower (>=) and upper (<) bound of a one-interval range, or undefined when it has another shape. */
export function rangeBounds(range: string): { lower: string; upper: string } | undefined {
  const set = parseRange(range).set;
  const only = set.length === 1 ? set[0] : undefined;
  if (only === undefined) return undefined;
  const lower = only.find((c) => c.operator === '>=');
  const upper = only.find((c) => c.operator === '<');
  if (lower === undefined || upper === undefined || only.length !== 2) return undefined;
  return { lower: lower.semver.version, upper: upper.semver.version };
}

export const seriesContiguous: Rule = (db) => {
  const out: RuleViolation[] = [];
  const bounded = db.series.map((s, index) => ({ s, index, b: rangeBounds(s.range) }));
  for (const x of bounded) {
    if (x.b === undefined) out.push({ rule: 'series-contiguous', table: 'series', index: x.index, message: `range "${x.s.range}" must be one interval ">=A <B"` });
  }
  const sorted = bounded.filter((x) => x.b !== undefined).sort((x, y) => semver.compare(x.b?.lower ?? '0.0.0', y.b?.lower ?? '0.0.0'));
  const first = sorted[0];
  if (first !== undefined && !inRange('2.4.0', first.s.range)) {
    out.push({ rule: 'series-contiguous', table: 'series', index: first.index, message: `the oldest series must start at 2.4.0, not ${first.b?.lower ?? '?'}` });
  }
  sorted.forEach((x, k) => {
    const next = sorted[k + 1];
    if (next !== undefined && x.b !== undefined && next.b !== undefined && !semver.eq(x.b.upper, next.b.lower)) {
      out.push({ rule: 'series-contiguous', table: 'series', index: next.index, message: `gap or overlap: "${x.s.id}" ends before ${x.b.upper} but "${next.s.id}" starts at ${next.b.lower}` });
    }
  });
  const last = sorted[sorted.length - 1];
  if (last !== undefined && !inRange(`${versionOf(db.newest)}`, last.s.range)) {
    out.push({ rule: 'series-contiguous', table: 'series', index: last.index, message: `the newest series "${last.s.id}" (${last.s.range}) does not contain newest ${db.newest}` });
  }
  return out;
};

export const seriesStatusConsistent: Rule = (db) => {
  const out: RuleViolation[] = [];
  const required = db.features.filter((f) => f.need === 'engine' || f.need === 'engine-implied');
  db.series.forEach((s, index) => {
    const b = rangeBounds(s.range);
    if (b === undefined) return;
    if (s.era === 'blcr-in-kernel' && s.status !== 'unsupported') {
      out.push({ rule: 'series-status-consistent', table: 'series', index, message: `"${s.id}" is in the in-kernel BLCR era, so the engine cannot be ${s.status} there` });
    }
    const predates = required.filter((f) => semver.lt(semver.coerce(b.lower)?.version ?? b.lower, versionOf(f.since)));
    if (s.status === 'supported' && predates.length > 0) {
      out.push({ rule: 'series-status-consistent', table: 'series', index, message: `"${s.id}" is marked supported but starts before ${predates.map((f) => `${f.name} (${f.since})`).join(', ')}` });
    }
  });
  return out;
};


/**
 * kernelSupport(): what the kernel-db says about a kernel from its version and arch alone, for
 * every kernel from 2.4.0 on. It explains; on a real node the probes decide (evaluate.ts).
 */
import semver from 'semver';
import type { KernelSupport } from '../model/verdict.js';
import type { Feature, KernelDb } from './types.js';
import { applicableQuirks } from './quirk-match.js';
import { compareReleases, inRange, normalizeArch, normalizeRelease, versionOf } from './version.js';
import type { NormalizedRelease } from './version.js';

/** The release without its prerelease tag: a 6.13-rc has 6.13's features. */
function baseVersion(n: NormalizedRelease): string {
  return `${n.major}.${n.minor}.${n.patch}`;
}

/** Engine-required features (probed or implied) this version predates, oldest first. */
export function featuresMissingByVersion(n: NormalizedRelease, db: KernelDb): Feature[] {
  return db.features
    .filter((f) => (f.need === 'engine' || f.need === 'engine-implied') && semver.lt(baseVersion(n), versionOf(f.since)))
    .sort((a, b) => compareReleases(a.since, b.since));
}

export function featureLabel(f: Feature): string {
  return `${f.name} (${f.since})`;
}

function joinNames(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** What the in-kernel BLCR did here: the blcr-in-kernel quirks, with "not on ARCH" where only the arch differs. */
function legacyNotes(n: NormalizedRelease, arch: string, db: KernelDb): string[] {
  const ctx = { release: n, arch };
  const onArch = applicableQuirks(db.quirks, ctx, ['blcr-in-kernel']);
  const anyArch = applicableQuirks(db.quirks, ctx, ['blcr-in-kernel'], true);
  const notes = onArch.map((q) => q.message + (q.remedy !== undefined ? ` ${q.remedy}` : ''));
  for (const q of anyArch) {
    if (!onArch.includes(q) && q.status === 'supported') notes.push(`${q.message} Not on ${normalizeArch(arch)}.`);
  }
  return notes;
}

function provenStatus(release: string, db: KernelDb): KernelSupport['proven'] {
  return db.proven.find((p) => p.release === release)?.status;
}

function provenText(release: string, db: KernelDb, seriesRange: string): string {
  const exact = provenStatus(release, db);
  if (exact === 'proven') return 'proven by the CI matrix';
  if (exact === 'pending') return 'in the CI matrix (pending)';
  if (exact === 'failed') return 'FAILED in the CI matrix';
  const same = db.proven.filter((p) => p.status === 'proven' && inRange(p.release, seriesRange)).map((p) => p.release);
  return same.length > 0 ? `this series is proven by the CI matrix on ${same.join(', ')}` : 'not proven by the CI matrix';
}

/**
 * The verdict for one kernel release on one architecture. Throws BLCR_E_BAD_RELEASE when the
 * release does not start with MAJOR.MINOR.
 */
export function kernelSupport(release: string, arch: string, db: KernelDb): KernelSupport {
  const n = normalizeRelease(release);
  const normArch = normalizeArch(arch);
  const base: KernelSupport = { release: n.release, version: n.semver, arch: normArch, status: 'unsupported', reason: '' };
  const series = db.series.find((s) => inRange(n.release, s.range));
  const legacy = legacyNotes(n, arch, db);
  if (legacy.length > 0) base.legacy = legacy;

  if (series === undefined) {
    if (semver.gt(baseVersion(n), versionOf(db.newest))) {
      return { ...base, status: 'untested', reason: `untested (newer than the newest kernel in the db, ${db.newest}): the probes decide; please report the result` };
    }
    return { ...base, reason: `Linux ${n.release} is older than any kernel in the db (2.4.0)`, remedy: 'Upgrade to a Linux >= 5.5 kernel built with CONFIG_CHECKPOINT_RESTORE=y.' };
  }

  const missing = featuresMissingByVersion(n, db);
  const out: KernelSupport = { ...base, series: series.id, era: series.era, status: series.status, notes: series.notes };
  if (missing.length > 0) out.missing = missing.map(featureLabel);
  if (series.remedy !== undefined) out.remedy = series.remedy;
  const proven = provenStatus(n.release, db);
  if (proven !== undefined) out.proven = proven;

  if (missing.length > 0) {
    const probed = missing.filter((f) => f.need === 'engine');
    const why = `Linux ${n.release} predates ${joinNames((probed.length > 0 ? probed : missing).map(featureLabel))}, which the userspace engine requires`;
    const backport = series.era === 'engine' ? ' (a distribution kernel that backports them passes the probes and is accepted)' : '';
    const era = series.era === 'blcr-in-kernel' ? `. ${legacy.length > 0 ? `In-kernel BLCR era: ${legacy.join(' ')}` : series.notes}` : '';
    return { ...out, status: 'unsupported', reason: `${why}${backport}${era}` };
  }
  if (!db.engineArches.includes(normArch)) {
    return { ...out, status: 'unsupported', reason: `the userspace engine supports ${db.engineArches.join(', ')} only, not ${normArch}`, remedy: `run on ${db.engineArches.join(' or ')}` };
  }
  if (series.status === 'supported') {
    return { ...out, reason: `Linux ${n.release} has every interface the userspace engine requires (series ${series.id}); ${provenText(n.release, db, series.range)}` };
  }
  return { ...out, reason: `Linux ${n.release}: ${series.notes}` };
}

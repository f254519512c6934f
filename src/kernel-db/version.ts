/**
 * THE one module that compares kernel versions. Every other module asks here.
 *
 * A kernel release string (`uname -r`) is normalised to a semver value so that the
 * kernel-db's ranges are plain semver ranges:
 *   - `2.6.18.8` (4 parts): semver 2.6.18, sub 8 (sorts after 2.6.18, inside `2.6.18` ranges);
 *   - distro suffixes (`-5mdv`, `-754.el6.x86_64`, `+deb12-amd64`, `-fc-v782`, `-46-amd64`) are
 *     build tags, not prereleases: `2.6.17-5mdv` is a 2.6.17 kernel and sorts before 2.6.18;
 *   - release candidates (`6.13.0-rc3`, Fedora's `6.13.0-0.rc0.20241119git….fc42`) become
 *     semver prereleases (`6.13.0-rc.0`), so they sort before the final release. A range bound
 *     `>=6.13.0` or `<6.14.0` still puts every 6.13 rc inside 6.13's range (see inRange).
 */
import semver from 'semver';
import { BlcrError } from '../model/errors.js';

export interface NormalizedRelease {
  /** The input, trimmed. */
  release: string;
  /** `major.minor.patch[-rc.N]`: what ranges are matched against. */
  semver: string;
  major: number;
  minor: number;
  patch: number;
  /** The 4th number of 2.6.x.y stable releases. */
  sub?: number;
  /** Release-candidate number, when the release is a prerelease. */
  rc?: number;
  /** Everything after the numbers (`-5mdv`, `+deb12-amd64`), verbatim. */
  extra: string;
  /** Distribution family recognised from the suffix: debian, ubuntu, rhel, fedora, mandriva, suse, firecracker. */
  flavour?: string;
  /** Distribution release tag when the suffix names one (`deb12`, `el7`, `fc42`, `mdv`). */
  distroTag?: string;
}

const NUMBERS = /^(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/;
const RC = /(?:^|[-._+])rc(\d+)/i;

interface FlavourRule {
  flavour: string;
  pattern: RegExp;
}

/** First match wins; the capture group (if any) is the distribution tag. */
const FLAVOURS: FlavourRule[] = [
  { flavour: 'firecracker', pattern: /-fc-v\d+$/ },
  { flavour: 'debian', pattern: /\+(deb\d+)/ },
  { flavour: 'rhel', pattern: /\.(el\d+(?:_\d+)?)/ },
  { flavour: 'fedora', pattern: /\.(fc\d+)/ },
  { flavour: 'mandriva', pattern: /\d(mdv|mdk|mnb)/ },
  { flavour: 'suse', pattern: /-(default|pae|xen)$/ },
  { flavour: 'ubuntu', pattern: /-(generic|lowlatency|aws|azure|gcp|oem)(?:-[\w.]+)?$/ },
  { flavour: 'debian', pattern: /-(amd64|arm64|686|686-pae|armmp|armmp-lpae|cloud-amd64|cloud-arm64|rt-amd64|rt-arm64|s390x|ppc64el)$/ },
];

function detectFlavour(extra: string): { flavour?: string; distroTag?: string } {
  for (const rule of FLAVOURS) {
    const m = rule.pattern.exec(extra);
    if (m === null) continue;
    const tag = rule.flavour === 'debian' && !m[1]?.startsWith('deb') ? undefined : m[1];
    return tag === undefined || rule.flavour === 'suse' || rule.flavour === 'ubuntu'
      ? { flavour: rule.flavour }
      : { flavour: rule.flavour, distroTag: tag };
  }
  return {};
}

/** Parse a `uname -r` string. Throws BLCR_E_BAD_RELEASE when it does not start with `X.Y`. */
export function normalizeRelease(release: string): NormalizedRelease {
  const text = release.trim();
  const m = NUMBERS.exec(text);
  if (m === null) {
    throw new BlcrError('BLCR_E_BAD_RELEASE', `cannot parse kernel release "${release}": it does not start with MAJOR.MINOR`, {
      hint: 'pass the output of `uname -r` (e.g. 6.1.0-56-amd64)',
    });
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = m[3] === undefined ? 0 : Number(m[3]);
  const sub = m[4] === undefined ? undefined : Number(m[4]);
  const extra = m[5] ?? '';
  const rcMatch = RC.exec(extra);
  const rc = rcMatch === null ? undefined : Number(rcMatch[1]);
  const base = `${major}.${minor}.${patch}`;
  const out: NormalizedRelease = {
    release: text,
    semver: rc === undefined ? base : `${base}-rc.${rc}`,
    major,
    minor,
    patch,
    extra,
    ...detectFlavour(extra),
  };
  if (sub !== undefined) out.sub = sub;
  if (rc !== undefined) out.rc = rc;
  return out;
}

/** `6.12.117+deb12-amd64` → `6.12`: the series a release belongs to. */
export function seriesOf(release: string): string {
  const n = normalizeRelease(release);
  return `${n.major}.${n.minor}`;
}

/** A bare version from the db (`3.18`, `5.5`, `2.6.17`) as full semver (`3.18.0`). */
export function versionOf(version: string): string {
  return normalizeRelease(version).semver;
}

/** Natural (numeric-aware) comparison of the distro suffixes, a tie-breaker only. */
function compareExtra(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Total order on releases: semver (rc < final), then the 4th number, then the suffix. */
export function compareReleases(a: string, b: string): number {
  const x = normalizeRelease(a);
  const y = normalizeRelease(b);
  const bySemver = semver.compare(x.semver, y.semver);
  if (bySemver !== 0) return bySemver;
  const bySub = (x.sub ?? 0) - (y.sub ?? 0);
  if (bySub !== 0) return Math.sign(bySub);
  return Math.sign(compareExtra(x.extra, y.extra));
}

/** True when release `a` is older than version `b` (`isOlder('4.19.0-6-amd64', '5.5')`). */
export function isOlder(a: string, b: string): boolean {
  return compareReleases(a, b) < 0;
}

const rangeCache = new Map<string, semver.Range>();

/**
 * The db's range with every `>=X.Y.Z` / `<X.Y.Z` bound widened to `X.Y.Z-0`, so that the
 * release candidates of X.Y.Z fall in the range that starts at X.Y.Z (a 6.13-rc is a 6.13
 * kernel), not in the one before it. Throws BLCR_E_KERNEL_DB on an invalid range.
 */
export function parseRange(range: string): semver.Range {
  const cached = rangeCache.get(range);
  if (cached !== undefined) return cached;
  let parsed: semver.Range;
  try {
    parsed = new semver.Range(range, { includePrerelease: true });
  } catch (cause) {
    throw new BlcrError('BLCR_E_KERNEL_DB', `invalid kernel version range "${range}"`, {
      hint: 'write semver ranges such as ">=2.6.0 <2.6.20" or "5.10.x"',
      cause,
    });
  }
  const sets = parsed.set.map((comparators) =>
    comparators
      .map((c) => {
        if (c.value === '') return '*';
        const v = c.semver.version;
        const widen = (c.operator === '>=' || c.operator === '<') && c.semver.prerelease.length === 0;
        return `${c.operator}${widen ? `${v}-0` : v}`;
      })
      .join(' '),
  );
  const widened = new semver.Range(sets.join(' || '), { includePrerelease: true });
  rangeCache.set(range, widened);
  return widened;
}

/** Does this kernel release fall in this semver range of the db? */
export function inRange(release: string, range: string): boolean {
  return parseRange(range).test(normalizeRelease(release).semver);
}

/** Do two db ranges share at least one version? */
export function rangesIntersect(a: string, b: string): boolean {
  const options: semver.RangeOptions = { includePrerelease: true };
  return parseRange(a).intersects(parseRange(b), options);
}

/** The kernel-db's architecture names: i386…i686 → x86, amd64 → x86_64, arm64 → aarch64. */
export function normalizeArch(arch: string): string {
  const a = arch.trim().toLowerCase();
  if (/^i[3-6]86$/.test(a) || a === 'x86' || a === 'ia32') return 'x86';
  if (a === 'amd64' || a === 'x86-64' || a === 'x64') return 'x86_64';
  if (a === 'arm64') return 'aarch64';
  return a;
}

import { describe, it, expect } from '@jest/globals';
import { compareReleases, inRange, isOlder, normalizeArch, normalizeRelease, parseRange, rangesIntersect, seriesOf } from '../../../src/kernel-db/version.js';
import { BlcrError } from '../../../src/model/errors.js';

describe('normalizeRelease on real uname -r strings', () => {
  const table: [string, string, number | undefined, string, string | undefined, string | undefined][] = [
    // release, semver, sub, extra, flavour, distroTag
    ['2.4.0', '2.4.0', undefined, '', undefined, undefined],
    ['2.4.34', '2.4.34', undefined, '', undefined, undefined],
    ['2.6.17-5mdv', '2.6.17', undefined, '-5mdv', 'mandriva', 'mdv'],
    ['2.6.32-754.el6.x86_64', '2.6.32', undefined, '-754.el6.x86_64', 'rhel', 'el6'],
    ['3.10.0-1160.el7.x86_64', '3.10.0', undefined, '-1160.el7.x86_64', 'rhel', 'el7'],
    ['2.6.18.8', '2.6.18', 8, '', undefined, undefined],
    ['5.10.0-46-amd64', '5.10.0', undefined, '-46-amd64', 'debian', undefined],
    ['6.1.0-56-amd64', '6.1.0', undefined, '-56-amd64', 'debian', undefined],
    ['6.12.117+deb12-amd64', '6.12.117', undefined, '+deb12-amd64', 'debian', 'deb12'],
    ['6.18.44-fc-v782', '6.18.44', undefined, '-fc-v782', 'firecracker', undefined],
    ['7.3.4+deb13-amd64', '7.3.4', undefined, '+deb13-amd64', 'debian', 'deb13'],
    ['6.13.0-0.rc0.20241119git1234abcd.fc42', '6.13.0-rc.0', undefined, '-0.rc0.20241119git1234abcd.fc42', 'fedora', 'fc42'],
    ['4.4.0-210-generic', '4.4.0', undefined, '-210-generic', 'ubuntu', undefined],
    ['6.13-rc3', '6.13.0-rc.3', undefined, '-rc3', undefined, undefined],
  ];
  it.each(table)('%s → %s', (release, semverText, sub, extra, flavour, tag) => {
    const n = normalizeRelease(release);
    expect(n.semver).toBe(semverText);
    expect(n.sub).toBe(sub);
    expect(n.extra).toBe(extra);
    expect(n.flavour).toBe(flavour);
    expect(n.distroTag).toBe(tag);
    expect(`${n.major}.${n.minor}.${n.patch}`).toBe(semverText.replace(/-.*/, ''));
  });

  it('rejects strings that do not start with MAJOR.MINOR, with a stable code', () => {
    for (const bad of ['', 'linux', '6', 'v6.1']) {
      let err: unknown;
      try {
        normalizeRelease(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BlcrError);
      expect((err as BlcrError).code).toBe('BLCR_E_BAD_RELEASE');
      expect((err as BlcrError).hint).toContain('uname -r');
    }
  });
});

describe('ordering', () => {
  const older: [string, string][] = [
    ['2.6.17-5mdv', '2.6.18'],
    ['2.6.18', '2.6.18.8'],
    ['2.6.18.8', '2.6.19'],
    ['6.13.0-rc0', '6.13.0'],
    ['6.13.0-0.rc0.20241119git1234abcd.fc42', '6.13.0'],
    ['6.12.117+deb12-amd64', '6.13.0-rc1'],
    ['5.10.0-46-amd64', '5.10.0-47-amd64'],
    ['2.4.34', '2.4.35'],
    ['3.17', '3.18'],
    ['6.18.44-fc-v595', '7.3.4+deb13-amd64'],
  ];
  it.each(older)('%s < %s', (a, b) => {
    expect(compareReleases(a, b)).toBe(-1);
    expect(compareReleases(b, a)).toBe(1);
    expect(isOlder(a, b)).toBe(true);
  });
  it('equal releases compare equal', () => {
    expect(compareReleases('3.18', '3.18.0')).toBe(0);
  });
  it('sorts a mixed list', () => {
    const list = ['7.3.4+deb13-amd64', '2.4.0', '6.13.0', '2.6.18.8', '6.13.0-rc2', '2.6.17-5mdv', '3.10.0-1160.el7.x86_64'];
    expect([...list].sort(compareReleases)).toEqual(['2.4.0', '2.6.17-5mdv', '2.6.18.8', '3.10.0-1160.el7.x86_64', '6.13.0-rc2', '6.13.0', '7.3.4+deb13-amd64']);
  });
  it('seriesOf', () => {
    expect(seriesOf('6.12.117+deb12-amd64')).toBe('6.12');
    expect(seriesOf('2.6.18.8')).toBe('2.6');
  });
});

describe('inRange', () => {
  it('matches distro releases by their normalised version', () => {
    expect(inRange('2.6.17-5mdv', '>=2.6.0 <=2.6.19')).toBe(true);
    expect(inRange('2.6.18.8', '>=2.6.18 <2.6.19')).toBe(true);
    expect(inRange('2.6.20', '>=2.6.0 <=2.6.19')).toBe(false);
    expect(inRange('6.12.117+deb12-amd64', '6.12.x')).toBe(true);
    expect(inRange('2.4.34', '>=2.4.0 <=2.4.34')).toBe(true);
    expect(inRange('2.4.35', '>=2.4.0 <=2.4.34')).toBe(false);
  });
  it('puts a release candidate of X.Y in the range that starts at X.Y, not the one before', () => {
    const rc = '6.13.0-0.rc0.20241119git1234abcd.fc42';
    expect(inRange(rc, '>=6.13.0 <7.0.0')).toBe(true);
    expect(inRange(rc, '>=5.13.0 <6.13.0')).toBe(false);
    expect(inRange(rc, '6.13.x')).toBe(true);
    expect(inRange('7.0.0-rc1', '>=6.13.0 <7.0.0')).toBe(false);
  });
  it('rangesIntersect follows the same semantics', () => {
    expect(rangesIntersect('>=2.4.0 <2.5.0', '>=2.5.0 <2.6.0')).toBe(false);
    expect(rangesIntersect('>=2.4.0 <2.5.1', '>=2.5.0 <2.6.0')).toBe(true);
    expect(rangesIntersect('>=2.6.0 <=2.6.19', '>=2.6.17 <2.6.18')).toBe(true);
  });
  it('an invalid range is a kernel-db error', () => {
    expect(() => parseRange('>=banana')).toThrow(expect.objectContaining({ code: 'BLCR_E_KERNEL_DB' }));
  });
});

describe('normalizeArch', () => {
  it.each([['i686', 'x86'], ['i386', 'x86'], ['x86_64', 'x86_64'], ['amd64', 'x86_64'], ['arm64', 'aarch64'], ['ppc64le', 'ppc64le']])('%s → %s', (a, b) => {
    expect(normalizeArch(a)).toBe(b);
  });
});

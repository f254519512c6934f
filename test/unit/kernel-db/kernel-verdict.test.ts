import { describe, it, expect } from '@jest/globals';
import { loadKernelDb } from '../../../src/kernel-db/load.js';
import { kernelSupport } from '../../../src/kernel-db/kernel-verdict.js';
import { compareReleases } from '../../../src/kernel-db/version.js';

const db = loadKernelDb();

/* What the verdict says about the matrix follows kernel-db/proven.json, which `npm run matrix -- --record` rewrites. */
function matrixSays(release: string): RegExp {
  const entry = db.proven.find((k) => k.release === release);
  return entry?.status === 'proven' ? /proven by the CI matrix/ : entry?.status === 'failed' ? /failed in the CI matrix|CI matrix/ : /in the CI matrix \(pending\)/;
}

describe('kernelSupport across 2.4.0 → 7.3', () => {
  const cases: [string, string, 'supported' | 'unsupported' | 'untested', string, RegExp][] = [
    // release, arch, status, series, something the reason or legacy must say
    ['2.4.0', 'i686', 'unsupported', 'linux-2.4', /BLCR 0\.5\.0 supported Linux 2\.4\.0 through 2\.4\.34 on 32-bit x86 only\.$/],
    ['2.4.34', 'i386', 'unsupported', 'linux-2.4', /2\.4\.34 on 32-bit x86 only\.$/],
    ['2.4.34', 'x86_64', 'unsupported', 'linux-2.4', /Not on x86_64\./],
    ['2.4.35', 'i686', 'unsupported', 'linux-2.4', /0\.6\.x was the last BLCR series/],
    ['2.6.0', 'x86_64', 'unsupported', 'linux-2.6.0-2.6.20', /2\.6\.0 through 2\.6\.19 on x86 and x86_64/],
    ['2.6.19', 'i686', 'unsupported', 'linux-2.6.0-2.6.20', /2\.6\.0 through 2\.6\.19 on x86 and x86_64/],
    ['2.6.20', 'x86_64', 'unsupported', 'linux-2.6.0-2.6.20', /fails to build against Linux 2\.6\.20/],
    ['2.6.17-5mdv', 'i686', 'unsupported', 'linux-2.6.0-2.6.20', /fails to build against Mandriva's 2\.6\.17-5mdv/],
    ['3.4', 'x86_64', 'unsupported', 'linux-2.6.21-3.7', /PR_SET_MM_MAP\) \(3\.18\)/],
    ['3.17', 'x86_64', 'unsupported', 'linux-3.8-3.17', /3\.17 is the last kernel BLCR ever ran on/],
    ['3.18', 'x86_64', 'unsupported', 'linux-3.18-5.4', /predates .*clone3\(\) set_tid \(5\.5\)/],
    ['5.4', 'x86_64', 'unsupported', 'linux-3.18-5.4', /predates clone3\(\) set_tid \(5\.5\).*backports/],
    ['5.5', 'x86_64', 'supported', 'linux-5.5-5.9', /not proven by the CI matrix/],
    ['5.10.0-46-amd64', 'x86_64', 'supported', 'linux-5.10-5.12', matrixSays('5.10.0-46-amd64')],
    ['6.1.0-56-amd64', 'x86_64', 'supported', 'linux-5.13-6.12', /every interface/],
    ['6.12.117+deb12-amd64', 'x86_64', 'supported', 'linux-5.13-6.12', /every interface/],
    ['6.13.0-0.rc0.20241119git1234abcd.fc42', 'x86_64', 'supported', 'linux-6.13-6.19', /every interface/],
    ['6.18.44-fc-v595', 'x86_64', 'supported', 'linux-6.13-6.19', matrixSays('6.18.44-fc-v595')],
    ['7.3.4+deb13-amd64', 'x86_64', 'supported', 'linux-7.0-7.3', /every interface/],
    ['7.4.0', 'x86_64', 'untested', '', /^untested \(newer than the newest kernel in the db, 7\.3\)/],
  ];
  it.each(cases)('%s on %s → %s', (release, arch, status, series, says) => {
    const k = kernelSupport(release, arch, db);
    expect(k.status).toBe(status);
    expect(k.series ?? '').toBe(series);
    expect([k.reason, ...(k.legacy ?? [])].join(' ')).toMatch(says);
  });

  it('2.4.34 on i386 is in the BLCR 0.5.0 table, on x86_64 it is not', () => {
    expect(kernelSupport('2.4.34', 'i386', db).legacy).toEqual(['BLCR 0.5.0 supported Linux 2.4.0 through 2.4.34 on 32-bit x86 only.']);
    expect(kernelSupport('2.4.34', 'x86_64', db).legacy?.[0]).toMatch(/Not on x86_64\.$/);
    expect(kernelSupport('2.4.35', 'i386', db).legacy).toBeUndefined();
  });

  it('the engine on a non-x86_64 architecture is unsupported even on a new kernel', () => {
    const k = kernelSupport('6.1.0-56-arm64', 'aarch64', db);
    expect(k.status).toBe('unsupported');
    expect(k.reason).toContain('x86_64 only');
  });

  it('records the era and the features a version predates', () => {
    expect(kernelSupport('2.6.19', 'x86_64', db).era).toBe('blcr-in-kernel');
    expect(kernelSupport('4.19.0-27-amd64', 'x86_64', db).missing).toEqual(['clone3() (5.3)', 'clone3() set_tid (5.5)']);
    expect(kernelSupport('6.1.0-56-amd64', 'x86_64', db).missing).toBeUndefined();
    expect(kernelSupport('6.1.0-56-amd64', 'x86_64', db).era).toBe('engine');
  });

  it('older than the db is unsupported, not untested', () => {
    const k = kernelSupport('2.2.26', 'i686', db);
    expect(k.status).toBe('unsupported');
    expect(k.reason).toContain('older than any kernel in the db');
  });

  it('gives a verdict for every minor release from 2.4.0 to 7.3, monotonic in the version', () => {
    const releases: string[] = [];
    for (let p = 0; p <= 37; p++) releases.push(`2.4.${p}`);
    for (let p = 0; p <= 39; p++) releases.push(`2.6.${p}`);
    for (let m = 0; m <= 19; m++) releases.push(`3.${m}.0`);
    for (let m = 0; m <= 20; m++) releases.push(`4.${m}.0`);
    for (let m = 0; m <= 19; m++) releases.push(`5.${m}.0`);
    for (let m = 0; m <= 19; m++) releases.push(`6.${m}.0`);
    for (let m = 0; m <= 3; m++) releases.push(`7.${m}.0`, `7.${m}.99`);
    for (const r of releases) {
      const k = kernelSupport(r, 'x86_64', db);
      const expected = compareReleases(r, '5.5') < 0 ? 'unsupported' : 'supported';
      expect(`${r}: ${k.status}`).toBe(`${r}: ${expected}`);
      expect(k.series).toBeDefined();
      expect(k.reason.length).toBeGreaterThan(20);
    }
    for (const r of ['7.4.0', '7.10.1', '8.0.0']) expect(kernelSupport(r, 'x86_64', db).status).toBe('untested');
  });
});

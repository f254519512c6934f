import { describe, expect, it } from '@jest/globals';
import type { Probe, ProbeOptions, ProbeResult } from '../../../src/model/probe.js';
import { ccFromProcVersion, compareCc, parseCc } from '../../../src/probes/lib/cc-version.js';
import { runProbes } from '../../../src/probes/runner.js';
import { probe as compiler } from '../../../probes/system/compiler.js';
import { probe as kernelConfig } from '../../../probes/system/kernel-config.js';
import { probe as kernelHeaders } from '../../../probes/system/kernel-headers.js';
import { probe as kernelRelease } from '../../../probes/system/kernel-release.js';
import { DEBIAN_RELEASE, FixtureHost, fixture, hostFiles } from './fixture-host.js';

const PROBES: Probe[] = [kernelRelease, kernelConfig, kernelHeaders, compiler];
const CC12 = fixture('host-6.18.44/cc-version'); // real `cc --version` of this host: gcc 12.2.0
const HDR = `/usr/src/linux-headers-${DEBIAN_RELEASE}`;
const debianConfig = fixture('debian-6.1.0-56/config.xz');

/** Debian 6.1's configured headers tree, as far as the probes look at it. */
function debianHeaders(): Record<string, string> {
  return { [`${HDR}/.config`]: debianConfig, [`${HDR}/include/generated/utsrelease.h`]: `#define UTS_RELEASE "${DEBIAN_RELEASE}"\n`, [`${HDR}/Makefile`]: '' };
}

async function cc(files: Record<string, string>, ccVersion: string, opts: { release?: string; options?: Partial<ProbeOptions> } = {}): Promise<ProbeResult | undefined> {
  const host = new FixtureHost({ files, uname: opts.release ? { release: opts.release } : {}, exec: { 'cc --version': { stdout: ccVersion } } });
  const res = await runProbes({ host, options: { workDir: '/w', ...opts.options }, probes: PROBES, fresh: true });
  return res.find((r) => r.id === 'compiler');
}

describe('compiler identification', () => {
  it('parses the kernel and compiler strings of each era', () => {
    expect(parseCc('gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0')).toMatchObject({ family: 'gcc', version: '12.2.0' });
    expect(ccFromProcVersion(fixture('host-6.18.44/proc-version'))).toBe('gcc (GCC) 15.3.0');
    const etch = 'Linux version 2.6.18-6-686 (Debian 2.6.18.dfsg.1-26etch2) (dannf@debian.org) (gcc version 4.1.2 20061115 (prerelease) (Debian 4.1.1-21)) #1 SMP';
    expect(parseCc(ccFromProcVersion(etch) ?? '')).toMatchObject({ family: 'gcc', version: '4.1.2' });
    expect(parseCc('Debian clang version 14.0.6')).toMatchObject({ family: 'clang', version: '14.0.6' });
  });
  it('compares by major for gcc >= 5, by major.minor before', () => {
    expect(compareCc(parseCc('gcc (GCC) 12.3.0'), parseCc('gcc-12 (Debian 12.2.0-14) 12.2.0'))).toBe('major');
    expect(compareCc(parseCc('gcc version 4.1.3'), parseCc('gcc version 4.1.2'))).toBe('major');
    expect(compareCc(parseCc('gcc version 4.3.2'), parseCc('gcc version 4.1.2'))).toBe('mismatch');
    expect(compareCc(parseCc('clang version 14.0.6'), parseCc('gcc (GCC) 14.0.6'))).toBe('mismatch');
  });
});

describe('compiler probe', () => {
  it('exact: cc 12.2.0 against Debian 6.1 headers (gcc-12) given with --with-linux', async () => {
    const r = await cc({ ...hostFiles(), ...debianHeaders() }, CC12, { options: { withLinux: HDR } });
    expect(r).toMatchObject({ status: 'pass', facts: { match: 'exact', ccVersion: '12.2.0', kernelCcVersion: '12.2.0' } });
    expect(r?.facts.kernelCcSource).toContain(HDR);
  });
  it('major: gcc 12.3.0 against the same headers', async () => {
    const r = await cc({ ...hostFiles(), ...debianHeaders() }, 'gcc (GCC) 12.3.0\n', { options: { withLinux: HDR } });
    expect(r?.facts.match).toBe('major');
    expect(r?.status).toBe('pass');
  });
  it('mismatch on this host (kernel built by gcc 15.3.0, no headers): a warning with the FAQ fix', async () => {
    const r = await cc(hostFiles(), CC12);
    expect(r).toMatchObject({ status: 'warn', code: 'BLCR_E_CC_MISMATCH', facts: { match: 'mismatch', kernelCc: 'gcc (GCC) 15.3.0' } });
    expect(r?.hint).toContain('./configure CC=/usr/bin/gcc-15');
  });
  it('mismatch fails when a module would be built (matching headers, CONFIG_MODULES=y)', async () => {
    const files = { ...debianHeaders(), [`/boot/config-${DEBIAN_RELEASE}`]: debianConfig, '/proc/version': `Linux version ${DEBIAN_RELEASE} (gcc-12) #1\n` };
    const r = await cc(files, 'gcc (Debian 10.2.1-6) 10.2.1\n', { release: DEBIAN_RELEASE });
    expect(r).toMatchObject({ status: 'fail', code: 'BLCR_E_CC_MISMATCH' });
    expect(r?.hint).toContain('CC=/usr/bin/gcc-12');
  });
  it('no compiler: fail with BLCR_E_NO_CC', async () => {
    const host = new FixtureHost({ files: hostFiles() });
    const res = await runProbes({ host, options: { workDir: '/w', cc: '/opt/none/cc' }, probes: PROBES, fresh: true });
    expect(res.find((r) => r.id === 'compiler')).toMatchObject({ status: 'fail', code: 'BLCR_E_NO_CC' });
  });
});

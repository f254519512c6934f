import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import type { Probe, ProbeOptions, ProbeResult } from '../../../src/model/probe.js';
import { runProbes } from '../../../src/probes/runner.js';
import { probe as capabilities } from '../../../probes/system/capabilities.js';
import { probe as kernelConfig } from '../../../probes/system/kernel-config.js';
import { probe as kernelHeaders } from '../../../probes/system/kernel-headers.js';
import { probe as kernelRelease } from '../../../probes/system/kernel-release.js';
import { probe as moduleSupport } from '../../../probes/system/module-support.js';
import { probe as ptraceScope } from '../../../probes/system/ptrace-scope.js';
import { DEBIAN_RELEASE, FixtureHost, fixture, hostFiles } from './fixture-host.js';

const PROBES: Probe[] = [kernelRelease, kernelConfig, kernelHeaders, moduleSupport, capabilities, ptraceScope];

async function run(host: FixtureHost, options: Partial<ProbeOptions> = {}): Promise<Record<string, ProbeResult>> {
  const res = await runProbes({ host, options: { workDir: '/w', ...options }, probes: PROBES, fresh: true });
  return Object.fromEntries(res.map((r) => [r.id, r]));
}

describe('kernel configuration and module support', () => {
  it('this host: /proc/config.gz, modules off because CONFIG_MODULES is not set', async () => {
    const files: Record<string, string | Buffer> = { ...hostFiles(), '/proc/config.gz': gzipSync(fixture('host-6.18.44/config')) };
    const res = await run(new FixtureHost({ files }));
    expect(res['kernel-config']?.facts).toMatchObject({ source: '/proc/config.gz', modules: false, checkpointRestore: true, physicalAlign: 0x1000000, ccVersionText: 'gcc (GCC) 15.3.0' });
    expect((res['kernel-config']?.facts.options as Record<string, unknown>).CONFIG_MODULES).toBeNull();
    expect(res['module-support']).toMatchObject({ status: 'fail', code: 'BLCR_E_NO_MODULES', facts: { modules: false } });
    expect(res['module-support']?.facts.reason).toContain('CONFIG_MODULES');
  });
  it('Debian 6.1: /boot/config-R, modules on, x86 default alignment, gcc-12', async () => {
    const res = await run(new FixtureHost({ uname: { release: DEBIAN_RELEASE }, files: { [`/boot/config-${DEBIAN_RELEASE}`]: fixture('debian-6.1.0-56/config.xz'), '/proc/modules': '' } }));
    expect(res['kernel-config']?.facts).toMatchObject({ modules: true, randomizeBase: true, physicalAlign: 0x200000, ccVersionText: 'gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0' });
    expect(res['module-support']).toMatchObject({ status: 'pass', facts: { modules: true } });
  });
  it('no config anywhere: fail with the way to get one', async () => {
    const res = await run(new FixtureHost());
    expect(res['kernel-config']).toMatchObject({ status: 'fail', code: 'BLCR_E_NO_KERNEL_CONFIG' });
    expect(res['kernel-config']?.evidence.map((e) => e.source)).toEqual(['/proc/config.gz', '/boot/config-6.18.44-fc-v595', '/lib/modules/6.18.44-fc-v595/build/.config']);
  });
});

describe('kernel headers', () => {
  const HDR = `/usr/src/linux-headers-${DEBIAN_RELEASE}`;
  const tree = { [`${HDR}/.config`]: 'CONFIG_MODULES=y\n', [`${HDR}/include/generated/utsrelease.h`]: `#define UTS_RELEASE "${DEBIAN_RELEASE}"\n`, [`${HDR}/Makefile`]: '' };
  it('Debian 6.1 headers on this 6.18 host: configured but for another kernel', async () => {
    const r = (await run(new FixtureHost({ files: tree }), { withLinux: HDR }))['kernel-headers'];
    expect(r).toMatchObject({ status: 'warn', code: 'BLCR_E_HEADERS_MISMATCH', facts: { configured: true, matchesRunning: false, utsRelease: DEBIAN_RELEASE } });
  });
  it('found through /usr/src/linux-headers-R when they match the running kernel', async () => {
    const r = (await run(new FixtureHost({ files: tree, uname: { release: DEBIAN_RELEASE } })))['kernel-headers'];
    expect(r).toMatchObject({ status: 'pass', facts: { dir: HDR, configured: true, matchesRunning: true } });
  });
  it('a bare source tree is sourceOnly, not configured', async () => {
    const r = (await run(new FixtureHost({ files: { '/src/linux/Makefile': '', '/src/linux/kernel/fork.c': '' } }), { withLinux: '/src/linux' }))['kernel-headers'];
    expect(r).toMatchObject({ status: 'warn', code: 'BLCR_E_NO_HEADERS', facts: { configured: false, sourceOnly: true } });
    // BLCR's FAQ recipe, automated: configure points at blcr prepare-kernel for that tree
    expect(r?.hint).toContain('blcr prepare-kernel --source /src/linux');
  });
  it('a --with-linux path that does not exist is a bad path', async () => {
    expect((await run(new FixtureHost(), { withLinux: '/nope' }))['kernel-headers']).toMatchObject({ status: 'fail', code: 'BLCR_E_BAD_PATH' });
  });
});

describe('capabilities and ptrace scope', () => {
  it('this host as root: CAP_CHECKPOINT_RESTORE and CAP_SYS_PTRACE, no Yama', async () => {
    const res = await run(new FixtureHost({ files: hostFiles() }));
    expect(res.capabilities?.facts).toMatchObject({ uid: 0, CAP_SYS_PTRACE: true, CAP_CHECKPOINT_RESTORE: true, CAP_SYS_RESOURCE: false, checkpointRestoreKnown: true });
    expect(res['ptrace-scope']?.facts).toMatchObject({ scope: null });
  });
  it('an unprivileged user under ptrace_scope=2 cannot attach', async () => {
    const files = { '/proc/self/status': 'CapEff:\t0000000000000000\n', '/proc/sys/kernel/cap_last_cap': '40\n', '/proc/sys/kernel/yama/ptrace_scope': '2\n' };
    const res = await run(new FixtureHost({ files, uid: 1000 }));
    expect(res.capabilities).toMatchObject({ status: 'warn', code: 'BLCR_E_NO_CAPABILITY' });
    expect(res['ptrace-scope']).toMatchObject({ status: 'fail', code: 'BLCR_E_PTRACE_SCOPE', facts: { scope: 2 } });
  });
});

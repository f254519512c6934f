import { describe, expect, it } from '@jest/globals';
import type { Probe, ProbeOptions, ProbeResult } from '../../../src/model/probe.js';
import { classifyMap } from '../../../src/probes/lib/system-map.js';
import { runProbes } from '../../../src/probes/runner.js';
import { probe as kernelConfig } from '../../../probes/system/kernel-config.js';
import { probe as kernelRelease } from '../../../probes/system/kernel-release.js';
import { probe as systemMap } from '../../../probes/system/system-map.js';
import { probe as mapKallsyms } from '../../../probes/system/system-map-kallsyms.js';
import { DEBIAN_RELEASE, FixtureHost, fixture, hostFiles } from './fixture-host.js';

const PROBES: Probe[] = [kernelRelease, kernelConfig, systemMap, mapKallsyms];
const debianMap = fixture('debian-6.1.0-56/System.map.xz');

async function run(host: FixtureHost, options: Partial<ProbeOptions> = {}): Promise<Record<string, ProbeResult>> {
  const res = await runProbes({ host, options: { workDir: '/work', ...options }, probes: PROBES, fresh: true });
  return Object.fromEntries(res.map((r) => [r.id, r]));
}

describe('classifyMap', () => {
  it('sees the real Debian 6.1 dbg map as full', () => {
    const c = classifyMap(debianMap);
    expect(c.kind).toBe('full');
    expect(c.symbols).toBeGreaterThan(90_000);
  });
  it('recognises Debian’s one-line stub and the package it names', () => {
    const c = classifyMap(fixture('debian-6.1.0-56/System.map.stub'));
    expect(c.kind).toBe('stub');
    expect(c.stubPackage).toBe('linux-image-<version>-dbg');
  });
  it('recognises a Fedora Core 2 stripped map (_stext right before _end)', () => {
    const c = classifyMap(fixture('synthetic/fedora-core-2-stripped/System.map-2.6.5-1.358'));
    expect(c.kind).toBe('stripped');
    expect(c.reason).toMatch(/_stext/);
  });
  it('calls a map of exported symbols only stripped (no local t symbols)', () => {
    const exportedOnly = debianMap.split('\n').filter((l) => !/ t /.test(l)).join('\n');
    expect(classifyMap(exportedOnly).kind).toBe('stripped');
  });
  it('accepts the synthetic 2.4 and 2.6 maps as full', () => {
    expect(classifyMap(fixture('synthetic/linux-2.4.20-i386/System.map')).kind).toBe('full');
    expect(classifyMap(fixture('synthetic/linux-2.6.18-i686/System.map')).kind).toBe('full');
  });
});

describe('system-map probe: the search chain', () => {
  it('walks flag-less candidates in order and picks the debug map after a stub in /boot', async () => {
    const host = new FixtureHost({
      uname: { release: DEBIAN_RELEASE },
      files: { [`/boot/System.map-${DEBIAN_RELEASE}`]: fixture('debian-6.1.0-56/System.map.stub'), [`/usr/lib/debug/boot/System.map-${DEBIAN_RELEASE}`]: debianMap },
    });
    const r = (await run(host))['system-map'];
    expect(r?.facts.kind).toBe('full');
    expect(r?.facts.path).toBe(`/usr/lib/debug/boot/System.map-${DEBIAN_RELEASE}`);
    expect(r?.evidence.map((e) => e.source)).toEqual([
      `/boot/System.map-${DEBIAN_RELEASE}`,
      `/lib/modules/${DEBIAN_RELEASE}/build/System.map`,
      `/usr/lib/debug/boot/System.map-${DEBIAN_RELEASE}`,
    ]);
  });
  it('reports the stub when that is all there is, with the -dbg package fix', async () => {
    const host = new FixtureHost({ uname: { release: DEBIAN_RELEASE }, files: { [`/boot/System.map-${DEBIAN_RELEASE}`]: fixture('debian-6.1.0-56/System.map.stub') } });
    const res = await run(host);
    expect(res['system-map']).toMatchObject({ status: 'warn', code: 'BLCR_E_STUB_SYSTEM_MAP', facts: { kind: 'stub' } });
    expect(res['system-map']?.hint).toContain(`linux-image-${DEBIAN_RELEASE}-dbg`);
    expect(res['system-map-kallsyms']?.facts.verdict).toBe('skipped');
  });
  it('fails an explicit stripped map', async () => {
    const p = '/maps/System.map-2.6.5-1.358';
    const host = new FixtureHost({ files: { [p]: fixture('synthetic/fedora-core-2-stripped/System.map-2.6.5-1.358') } });
    const r = (await run(host, { withSystemMap: p }))['system-map'];
    expect(r).toMatchObject({ status: 'fail', code: 'BLCR_E_STRIPPED_SYSTEM_MAP', facts: { kind: 'stripped', release: '2.6.5-1.358' } });
  });
  it('reports missing and unreadable maps with their codes', async () => {
    const none = (await run(new FixtureHost()))['system-map'];
    expect(none).toMatchObject({ status: 'warn', code: 'BLCR_E_NO_SYSTEM_MAP', facts: { kind: 'missing' } });
    const bad = (await run(new FixtureHost(), { withSystemMap: '/nope/System.map' }))['system-map'];
    expect(bad).toMatchObject({ status: 'fail', code: 'BLCR_E_BAD_PATH' });
    const p = '/boot/System.map-6.18.44-fc-v595';
    const locked = (await run(new FixtureHost({ unreadable: [p] })))['system-map'];
    expect(locked).toMatchObject({ code: 'BLCR_E_UNREADABLE_SYSTEM_MAP', facts: { kind: 'unreadable', path: p } });
  });
});

import { describe, expect, it } from '@jest/globals';
import type { Probe, ProbeOptions, ProbeResult } from '../../../src/model/probe.js';
import { parseSymbols } from '../../../src/probes/lib/symbols.js';
import { runProbes } from '../../../src/probes/runner.js';
import { probe as kallsyms } from '../../../probes/system/kallsyms.js';
import { probe as kernelConfig } from '../../../probes/system/kernel-config.js';
import { probe as kernelRelease } from '../../../probes/system/kernel-release.js';
import { probe as systemMap } from '../../../probes/system/system-map.js';
import { probe as mapKallsyms } from '../../../probes/system/system-map-kallsyms.js';
import { FixtureHost, fixture, hostFiles } from './fixture-host.js';

const PROBES: Probe[] = [kernelRelease, kernelConfig, systemMap, kallsyms, mapKallsyms];
const MAP = '/maps/System.map';
const hostKallsyms = fixture('host-6.18.44/kallsyms');

/** Every address of an nm-format table moved by `delta` (what KASLR does to kallsyms). */
function shift(text: string, delta: bigint): string {
  return text.replace(/^([0-9a-f]{16})/gm, (a) => (BigInt(`0x${a}`) + delta).toString(16).padStart(16, '0'));
}

async function verify(files: Record<string, string>, options: Partial<ProbeOptions> = {}): Promise<Record<string, ProbeResult>> {
  const host = new FixtureHost({ files });
  const res = await runProbes({ host, options: { workDir: '/work', withSystemMap: MAP, ...options }, probes: PROBES, fresh: true });
  return Object.fromEntries(res.map((r) => [r.id, r]));
}

describe('System.map against the running kernel (this host, 6.18.44)', () => {
  it('Debian 6.1’s real map does not match, and names the first mismatching symbol', async () => {
    const r = (await verify({ ...hostFiles(), [MAP]: fixture('debian-6.1.0-56/System.map.xz') }))['system-map-kallsyms'];
    expect(r).toMatchObject({ status: 'fail', code: 'BLCR_E_WRONG_SYSTEM_MAP', facts: { verdict: 'mismatch', anchor: '_stext', slideAligned: true } });
    const first = r?.facts.firstMismatch as { symbol: string; map: string; kallsyms: string };
    expect(first.symbol).toBe('perf_trace_vector_alloc_managed');
    // Independently: the two fixtures really disagree about that symbol.
    const deb = parseSymbols(fixture('debian-6.1.0-56/System.map.xz')).find((s) => s.name === first.symbol);
    const live = parseSymbols(hostKallsyms).find((s) => s.name === first.symbol);
    expect(`0x${deb?.addr.toString(16)}`).toBe(first.map);
    expect(`0x${live?.addr.toString(16)}`).toBe(first.kallsyms);
    expect(r?.summary).toContain(first.symbol);
    expect(r?.hint).toContain('--with-system-map=');
  });

  it('a map synthesised from this host’s kallsyms (slide removed) matches, with the right slide', async () => {
    const slide = 0x3e000000n; // a multiple of this kernel's CONFIG_PHYSICAL_ALIGN (0x1000000)
    const r = (await verify({ ...hostFiles(), '/proc/kallsyms': shift(hostKallsyms, slide), [MAP]: hostKallsyms }))['system-map-kallsyms'];
    expect(r).toMatchObject({ status: 'pass', facts: { verdict: 'match', slide: '0x3e000000', slideAligned: true, firstMismatch: null, missing: 0 } });
    expect(r?.facts.checked).toBeGreaterThan(30);
  });

  it('a slide that is not a multiple of CONFIG_PHYSICAL_ALIGN is a mismatch at the anchor', async () => {
    const r = (await verify({ ...hostFiles(), '/proc/kallsyms': shift(hostKallsyms, 0x200000n), [MAP]: hostKallsyms }))['system-map-kallsyms'];
    expect(r?.facts).toMatchObject({ verdict: 'mismatch', slide: '0x200000', slideAligned: false, physicalAlign: 0x1000000 });
    expect((r?.facts.firstMismatch as { symbol: string }).symbol).toBe('_stext');
  });

  it('kptr_restrict zeros (captured as user nobody) are unverifiable, with the reason and the fix', async () => {
    const res = await verify({ ...hostFiles(), '/proc/kallsyms': fixture('host-6.18.44/kallsyms-as-nobody'), '/proc/sys/kernel/kptr_restrict': '1\n', [MAP]: hostKallsyms });
    expect(res['system-map-kallsyms']).toMatchObject({ status: 'warn', code: 'BLCR_E_KALLSYMS_HIDDEN', facts: { verdict: 'unverifiable' } });
    expect(res['system-map-kallsyms']?.facts.reason).toMatch(/kptr_restrict/);
    expect(res['system-map-kallsyms']?.hint).toContain('sysctl kernel.kptr_restrict=0');
    expect(res.kallsyms?.facts).toMatchObject({ zeroed: true, kptrRestrict: 1 });
  });
});

describe('older eras (synthetic fixtures)', () => {
  const m24 = fixture('synthetic/linux-2.4.20-i386/System.map');
  const m26 = fixture('synthetic/linux-2.6.18-i686/System.map');
  const old = { '/proc/version': 'Linux version 2.4.20 (root@build) (gcc version 2.96 20000731 (Red Hat Linux 7.3 2.96-112)) #1 Mon Mar 17 2003\n' };

  it('2.4: no /proc/kallsyms, verified through /proc/ksyms (exports, _R<crc> suffixes dropped)', async () => {
    const res = await verify({ ...old, '/proc/ksyms': fixture('synthetic/linux-2.4.20-i386/ksyms'), [MAP]: m24 });
    expect(res['system-map-kallsyms']?.facts).toMatchObject({ verdict: 'match', slide: '0x0', kallsymsSource: '/proc/ksyms', missing: 0 });
    expect(res.kallsyms?.facts).toMatchObject({ readable: true, format: 'ksyms', kptrRestrict: null });
  });
  it('2.4: ksyms of another build is a mismatch naming the first moved export', async () => {
    const r = (await verify({ ...old, '/proc/ksyms': fixture('synthetic/linux-2.4.20-i386/ksyms-other'), [MAP]: m24 }))['system-map-kallsyms'];
    expect(r?.facts.verdict).toBe('mismatch');
    // Independently: the first export (in address order) the two builds place differently.
    const before = parseSymbols(fixture('synthetic/linux-2.4.20-i386/ksyms'), 'ksyms');
    const after = new Map(parseSymbols(fixture('synthetic/linux-2.4.20-i386/ksyms-other'), 'ksyms').map((s) => [s.name, s.addr]));
    const moved = before.find((s) => after.has(s.name) && after.get(s.name) !== s.addr);
    expect(moved?.name).toBe('func_045');
    expect((r?.facts.firstMismatch as { symbol: string }).symbol).toBe(moved?.name);
  });
  it('2.6: kallsyms lists everything; the same build matches at slide 0', async () => {
    const r = (await verify({ '/proc/kallsyms': fixture('synthetic/linux-2.6.18-i686/kallsyms'), [MAP]: m26 }))['system-map-kallsyms'];
    expect(r?.facts).toMatchObject({ verdict: 'match', slide: '0x0', slideAligned: true });
  });
  it('2.6 relocatable kernel loaded 1 MiB higher: per-cpu symbols are skipped, the slide must fit CONFIG_PHYSICAL_ALIGN', async () => {
    const files = { '/proc/kallsyms': fixture('synthetic/linux-2.6.18-i686/kallsyms-relocated'), [MAP]: m26 };
    const aligned = await verify({ ...files, '/boot/config-6.18.44-fc-v595': 'CONFIG_PHYSICAL_ALIGN=0x100000\n' });
    expect(aligned['system-map-kallsyms']?.facts).toMatchObject({ verdict: 'match', slide: '0x100000', physicalAlign: 0x100000 });
    const coarse = await verify({ ...files, '/boot/config-6.18.44-fc-v595': 'CONFIG_PHYSICAL_ALIGN=0x400000\n' });
    expect(coarse['system-map-kallsyms']?.facts).toMatchObject({ verdict: 'mismatch', slideAligned: false });
  });
});

/**
 * Does the System.map belong to the running kernel? KASLR slide from _stext/_text (a multiple
 * of CONFIG_PHYSICAL_ALIGN), then a spread of symbols at map + slide in /proc/kallsyms
 * (/proc/ksyms on 2.4). BLCR's load-time check, done at configure time.
 */
import type { Probe, ProbeOutcome } from '../../src/model/probe.js';
import { liveSymbols } from '../../src/probes/lib/kallsyms-source.js';
import { verifyMap } from '../../src/probes/lib/kallsyms-verify.js';
import { readMap } from '../../src/probes/lib/map-file.js';
import { Trail } from '../../src/probes/lib/trail.js';

export const probe: Probe = {
  id: 'system-map-kallsyms',
  kind: 'system',
  tier: 'optional',
  title: 'System.map matches the running kernel',
  dependsOn: ['system-map', 'kernel-config'],
  async run(ctx): Promise<ProbeOutcome> {
    const { host } = ctx;
    const sm = ctx.result('system-map')?.facts;
    const trail = new Trail();
    const mapPath = typeof sm?.path === 'string' ? sm.path : null;
    if (!mapPath || sm?.kind !== 'full') {
      const reason = `no full System.map to verify (${String(sm?.kind ?? 'missing')})`;
      return { status: 'skip', summary: reason, facts: { verdict: 'skipped', slide: null, slideAligned: false, checked: 0, firstMismatch: null, reason }, evidence: trail.add('system-map', reason).list };
    }
    const map = await readMap(host, mapPath);
    const live = await liveSymbols(host);
    const cfg = ctx.result('kernel-config')?.facts;
    const align = typeof cfg?.physicalAlign === 'number' ? cfg.physicalAlign : 0x200000;
    trail.add(mapPath, map.state === 'read' ? `${map.syms.length} symbols` : map.state);
    trail.add(live.path ?? '/proc/kallsyms', live.path ? `${live.syms.length} symbols` : 'absent');
    const v = verifyMap(map.state === 'read' ? map.syms : [], live.syms, { physicalAlign: align, format: live.format });
    const r = host.uname().release;
    const kptr = (await host.readText('/proc/sys/kernel/kptr_restrict'))?.trim() ?? null;
    trail.add('verify', v.reason);
    const facts = { ...v, physicalAlign: align, kallsymsSource: live.path };
    if (v.verdict === 'match') return { status: 'pass', summary: `yes (slide ${v.slide}, ${v.checked} symbols checked)`, facts, evidence: trail.list };
    if (v.verdict === 'unverifiable') {
      if (kptr !== null) trail.add('/proc/sys/kernel/kptr_restrict', kptr);
      return {
        status: 'warn',
        summary: `cannot verify: ${v.reason}`,
        facts,
        evidence: trail.list,
        code: 'BLCR_E_KALLSYMS_HIDDEN',
        hint: live.path ? 'run as root, or as root: sysctl kernel.kptr_restrict=0' : 'this kernel exports no symbol list (CONFIG_KALLSYMS); the map cannot be checked',
      };
    }
    const first = v.firstMismatch ? ` (first mismatch: ${v.firstMismatch.symbol})` : '';
    return {
      status: 'fail',
      summary: `${mapPath} does not match the running kernel ${r}${first}`,
      facts,
      evidence: trail.list,
      code: 'BLCR_E_WRONG_SYSTEM_MAP',
      hint: `use the running kernel's map: --with-system-map=/usr/lib/debug/boot/System.map-${r} (package linux-image-${r}-dbg or kernel-debuginfo-${r})`,
    };
  },
};

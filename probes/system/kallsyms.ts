/** /proc/kallsyms (2.4: /proc/ksyms): readable, and are addresses shown (kernel.kptr_restrict)? */
import type { Probe } from '../../src/model/probe.js';
import { liveSymbols } from '../../src/probes/lib/kallsyms-source.js';
import { Trail } from '../../src/probes/lib/trail.js';

export const probe: Probe = {
  id: 'kallsyms',
  kind: 'system',
  tier: 'optional',
  title: 'kernel symbol addresses (/proc/kallsyms)',
  async run({ host }) {
    const trail = new Trail();
    const kptrText = (await host.readText('/proc/sys/kernel/kptr_restrict'))?.trim();
    const kptrRestrict = kptrText !== undefined && /^\d+$/.test(kptrText) ? Number(kptrText) : null;
    trail.add('/proc/sys/kernel/kptr_restrict', kptrText ?? 'absent (before 2.6.38)');
    const live = await liveSymbols(host);
    const zeroed = live.syms.length > 0 && live.syms.every((s) => s.addr === 0n);
    trail.add(live.path ?? '/proc/kallsyms', live.path ? `${live.syms.length} symbols${zeroed ? ', every address 0' : ''}` : 'absent');
    const facts = { readable: live.path !== null && live.syms.length > 0, path: live.path, format: live.format, symbols: live.syms.length, kptrRestrict, zeroed };
    if (!facts.readable) {
      return { status: 'warn', summary: 'no kernel symbol list', facts, evidence: trail.list, code: 'BLCR_E_KALLSYMS_HIDDEN', hint: 'a kernel built with CONFIG_KALLSYMS=y is needed to verify a System.map' };
    }
    if (zeroed) {
      return { status: 'warn', summary: `addresses hidden (kptr_restrict=${kptrRestrict ?? '?'})`, facts, evidence: trail.list, code: 'BLCR_E_KALLSYMS_HIDDEN', hint: 'run as root, or as root: sysctl kernel.kptr_restrict=0' };
    }
    return { status: 'pass', summary: `${live.syms.length} symbols, addresses visible`, facts, evidence: trail.list };
  },
};

/** UEFI Secure Boot state: the SecureBoot EFI variable (4 attribute bytes, then 1 = on). */
import type { Probe } from '../../src/model/probe.js';
import { Trail } from '../../src/probes/lib/trail.js';

export const probe: Probe = {
  id: 'secure-boot',
  kind: 'system',
  tier: 'optional',
  title: 'UEFI Secure Boot',
  async run({ host }) {
    const trail = new Trail();
    if (!(await host.isDirectory('/sys/firmware/efi'))) {
      trail.add('/sys/firmware/efi', 'absent: booted without UEFI');
      return { status: 'pass', summary: 'off (no UEFI)', facts: { enabled: false, efi: false }, evidence: trail.list };
    }
    const vars = await host.glob('/sys/firmware/efi/efivars', /^SecureBoot-/);
    const bytes = vars[0] ? await host.readFile(vars[0]) : undefined;
    trail.add(vars[0] ?? '/sys/firmware/efi/efivars/SecureBoot-*', bytes ? `${bytes.length} bytes` : 'absent or unreadable');
    const enabled = bytes && bytes.length >= 5 ? bytes[4] === 1 : null;
    const facts = { enabled, efi: true };
    if (enabled === null) return { status: 'skip', summary: 'unknown', facts, evidence: trail.list };
    if (!enabled) return { status: 'pass', summary: 'off', facts, evidence: trail.list };
    return { status: 'warn', summary: 'on', facts, evidence: trail.list, code: 'BLCR_E_MODULE_SIG', hint: 'with Secure Boot on, modules must be signed with an enrolled key (mokutil --import KEY.der) and lockdown may apply' };
  },
};

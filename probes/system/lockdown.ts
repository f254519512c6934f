/** Kernel lockdown (/sys/kernel/security/lockdown: "none [integrity] confidentiality"). */
import type { Probe } from '../../src/model/probe.js';
import { Trail } from '../../src/probes/lib/trail.js';

export const probe: Probe = {
  id: 'lockdown',
  kind: 'system',
  tier: 'optional',
  title: 'kernel lockdown',
  dependsOn: ['kernel-config'],
  async run(ctx) {
    const trail = new Trail();
    const text = (await ctx.host.readText('/sys/kernel/security/lockdown'))?.trim();
    trail.add('/sys/kernel/security/lockdown', text ?? 'absent');
    let mode: 'none' | 'integrity' | 'confidentiality' | 'unknown' = 'unknown';
    const sel = text ? /\[(\w+)\]/.exec(text)?.[1] : undefined;
    if (sel === 'none' || sel === 'integrity' || sel === 'confidentiality') mode = sel;
    else if (text === undefined) {
      const opts = ctx.result('kernel-config')?.facts.options;
      const lsm = opts && typeof opts === 'object' && !Array.isArray(opts) ? opts.CONFIG_SECURITY_LOCKDOWN_LSM : undefined;
      trail.add('CONFIG_SECURITY_LOCKDOWN_LSM', lsm === 'y' ? 'y (but securityfs not readable)' : 'not set');
      if (typeof ctx.result('kernel-config')?.facts.source === 'string' && lsm !== 'y') mode = 'none';
    }
    const facts = { mode };
    if (mode === 'none') return { status: 'pass', summary: 'none', facts, evidence: trail.list };
    if (mode === 'unknown') return { status: 'skip', summary: 'unknown (mount securityfs to tell)', facts, evidence: trail.list };
    return {
      status: 'warn',
      summary: mode,
      facts,
      evidence: trail.list,
      code: 'BLCR_E_LOCKDOWN',
      hint: `lockdown=${mode}: only signed modules load${mode === 'confidentiality' ? ' and kernel addresses are hidden' : ''}; sign the module or boot without lockdown (disable Secure Boot or lockdown=none)`,
    };
  },
};

/** Yama's ptrace_scope: 0 classic, 1 descendants only, 2 admin only, 3 no attach. */
import type { Probe } from '../../src/model/probe.js';
import { Trail } from '../../src/probes/lib/trail.js';

export const probe: Probe = {
  id: 'ptrace-scope',
  kind: 'system',
  tier: 'required',
  title: 'ptrace scope (Yama)',
  dependsOn: ['capabilities'],
  async run(ctx) {
    const trail = new Trail();
    const text = (await ctx.host.readText('/proc/sys/kernel/yama/ptrace_scope'))?.trim();
    trail.add('/proc/sys/kernel/yama/ptrace_scope', text ?? 'absent (no Yama: classic ptrace rules)');
    const scope = text !== undefined && /^[0-3]$/.test(text) ? Number(text) : null;
    const capPtrace = ctx.result('capabilities')?.facts.CAP_SYS_PTRACE === true;
    let effectiveForUs: string;
    let ok = true;
    if (scope === null || scope === 0) effectiveForUs = capPtrace ? 'any process' : 'any process of your uid';
    else if (scope === 1) effectiveForUs = capPtrace ? 'any process (CAP_SYS_PTRACE)' : 'only your descendants (cr_run children)';
    else if (scope === 2) {
      ok = capPtrace;
      effectiveForUs = capPtrace ? 'any process (CAP_SYS_PTRACE)' : 'none: ptrace_scope=2 needs CAP_SYS_PTRACE';
    } else {
      ok = false;
      effectiveForUs = 'none: ptrace_scope=3 forbids every attach until reboot';
    }
    const facts = { scope, effectiveForUs };
    if (!ok) {
      return {
        status: 'fail',
        summary: effectiveForUs,
        facts,
        evidence: trail.list,
        code: 'BLCR_E_PTRACE_SCOPE',
        hint: scope === 3 ? 'reboot with kernel.yama.ptrace_scope<3 in /etc/sysctl.d (3 cannot be lowered at run time)' : 'run as root, or as root: sysctl kernel.yama.ptrace_scope=1',
      };
    }
    if (scope === 1 && !capPtrace) {
      return { status: 'warn', summary: effectiveForUs, facts, evidence: trail.list, code: 'BLCR_E_PTRACE_SCOPE', hint: 'to checkpoint processes not started by cr_run: as root, sysctl kernel.yama.ptrace_scope=0, or give cr_checkpoint cap_sys_ptrace' };
    }
    return { status: 'pass', summary: effectiveForUs, facts, evidence: trail.list };
  },
};

/**
 * Our capabilities (/proc/self/status CapEff). Restoring pids needs CAP_CHECKPOINT_RESTORE
 * (5.9+) or CAP_SYS_ADMIN; attaching to others' processes needs CAP_SYS_PTRACE.
 */
import type { Probe } from '../../src/model/probe.js';
import { CAP, hasCap, statusField } from '../../src/probes/lib/proc-status.js';
import { Trail } from '../../src/probes/lib/trail.js';

export const probe: Probe = {
  id: 'capabilities',
  kind: 'system',
  tier: 'required',
  title: 'capabilities',
  async run({ host }) {
    const trail = new Trail();
    const status = await host.readText('/proc/self/status');
    const capEff = statusField(status, 'CapEff');
    trail.add('/proc/self/status CapEff', capEff ?? 'absent');
    const lastText = (await host.readText('/proc/sys/kernel/cap_last_cap'))?.trim();
    const lastCap = lastText && /^\d+$/.test(lastText) ? Number(lastText) : null;
    trail.add('/proc/sys/kernel/cap_last_cap', lastText ?? 'absent');
    const uid = host.uid();
    const facts = {
      uid,
      capEff,
      CAP_SYS_PTRACE: hasCap(capEff, CAP.SYS_PTRACE),
      CAP_SYS_ADMIN: hasCap(capEff, CAP.SYS_ADMIN),
      CAP_CHECKPOINT_RESTORE: hasCap(capEff, CAP.CHECKPOINT_RESTORE),
      CAP_SYS_RESOURCE: hasCap(capEff, CAP.SYS_RESOURCE),
      checkpointRestoreKnown: lastCap !== null && lastCap >= CAP.CHECKPOINT_RESTORE,
      lastCap,
    };
    const canRestorePids = facts.CAP_CHECKPOINT_RESTORE || facts.CAP_SYS_ADMIN;
    const summary = `uid ${uid}, CapEff ${capEff ?? '?'}`;
    if (canRestorePids && facts.CAP_SYS_PTRACE) return { status: 'pass', summary, facts, evidence: trail.list };
    return {
      status: 'warn',
      summary: `${summary}: only your own processes, restored pids need a capability`,
      facts,
      evidence: trail.list,
      code: 'BLCR_E_NO_CAPABILITY',
      hint: facts.checkpointRestoreKnown
        ? 'as root: setcap cap_checkpoint_restore,cap_sys_ptrace+ep build/bin/cr_restart build/bin/cr_checkpoint (or run as root)'
        : 'this kernel predates CAP_CHECKPOINT_RESTORE (5.9): run as root, or use the kernel-module helper',
    };
  },
};

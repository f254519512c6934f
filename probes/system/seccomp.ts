/** Our seccomp mode (0 none, 1 strict, 2 filter): a filter may forbid ptrace or process_vm_readv. */
import type { Probe } from '../../src/model/probe.js';
import { statusField } from '../../src/probes/lib/proc-status.js';
import { Trail } from '../../src/probes/lib/trail.js';

export const probe: Probe = {
  id: 'seccomp',
  kind: 'system',
  tier: 'optional',
  title: 'seccomp',
  async run({ host }) {
    const status = await host.readText('/proc/self/status');
    const text = statusField(status, 'Seccomp');
    const filters = statusField(status, 'Seccomp_filters');
    const trail = new Trail().add('/proc/self/status Seccomp', text ?? 'absent (kernel without CONFIG_SECCOMP)');
    const mode = text !== null && /^\d$/.test(text) ? Number(text) : 0;
    const facts = { mode, filters: filters !== null && /^\d+$/.test(filters) ? Number(filters) : null };
    if (mode === 0) return { status: 'pass', summary: 'none', facts, evidence: trail.list };
    return {
      status: 'warn',
      summary: mode === 1 ? 'strict mode' : `filter mode (${facts.filters ?? '?'} filters)`,
      facts,
      evidence: trail.list,
      code: 'BLCR_E_SECCOMP',
      hint: 'a seccomp filter may block ptrace/process_vm_readv: run outside it (containers: --security-opt seccomp=unconfined)',
    };
  },
};

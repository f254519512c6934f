/** Kernel compile test (5.6: struct proc_ops): probes/kernel/proc-ops.c in the shared kbuild pass. */
import type { Probe } from '../../src/model/probe.js';
import { kernelProbe } from '../../src/probes/lib/kernel-probe.js';

export const probe: Probe = kernelProbe({
  id: 'proc-ops',
  tier: 'optional',
  title: 'struct proc_ops',
  api: '5.6: struct proc_ops',
  hint: 'kernel older than 5.6: the module uses struct file_operations for /proc entries (kcompat.h)',
});

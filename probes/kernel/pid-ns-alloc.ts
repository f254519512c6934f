/** Kernel compile test (4.15: pid_namespace->idr): probes/kernel/pid-ns-alloc.c in the shared kbuild pass. */
import type { Probe } from '../../src/model/probe.js';
import { kernelProbe } from '../../src/probes/lib/kernel-probe.js';

export const probe: Probe = kernelProbe({
  id: 'pid-ns-alloc',
  tier: 'optional',
  title: 'pid namespace IDR',
  api: '4.15: pid_namespace->idr',
  hint: 'kernel older than 4.15 (pidmap pages): the pid-restore helper needs the pidmap variant in kcompat.h',
});

/** ns_last_pid (3.3): compiles and runs probes/userspace/ns-last-pid.c. */
import type { Probe } from '../../src/model/probe.js';
import { userspaceProbe } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = userspaceProbe({
  id: 'ns-last-pid',
  tier: 'optional',
  title: '/proc/sys/kernel/ns_last_pid',
  code: 'BLCR_E_FEATURE_MISSING',
  hint: 'needs CONFIG_CHECKPOINT_RESTORE=y; only used on kernels without clone3 set_tid',
});

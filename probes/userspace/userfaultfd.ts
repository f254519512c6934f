/** userfaultfd (4.3): compiles and runs probes/userspace/userfaultfd.c. */
import type { Probe } from '../../src/model/probe.js';
import { userspaceProbe } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = userspaceProbe({
  id: 'userfaultfd',
  tier: 'experimental',
  title: 'userfaultfd',
  code: 'BLCR_E_FEATURE_MISSING',
  hint: 'lazy restore needs userfaultfd: CONFIG_USERFAULTFD=y, and for non-root: sysctl vm.unprivileged_userfaultfd=1',
});

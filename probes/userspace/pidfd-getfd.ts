/** pidfd_getfd (5.6): compiles and runs probes/userspace/pidfd-getfd.c. */
import type { Probe } from '../../src/model/probe.js';
import { userspaceProbe } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = userspaceProbe({
  id: 'pidfd-getfd',
  tier: 'optional',
  title: 'pidfd_getfd',
  code: 'BLCR_E_FEATURE_MISSING',
  hint: 'optional (Linux 5.6+): without it fds are collected by injecting code into the target',
});

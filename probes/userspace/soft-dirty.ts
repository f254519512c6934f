/** soft-dirty bits (3.11): compiles and runs probes/userspace/soft-dirty.c. */
import type { Probe } from '../../src/model/probe.js';
import { userspaceProbe } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = userspaceProbe({
  id: 'soft-dirty',
  tier: 'experimental',
  title: 'soft-dirty page tracking',
  code: 'BLCR_E_FEATURE_MISSING',
  hint: 'incremental checkpoints need a kernel built with CONFIG_MEM_SOFT_DIRTY=y',
});

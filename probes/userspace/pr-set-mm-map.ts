/** PR_SET_MM_MAP (3.18): compiles and runs probes/userspace/pr-set-mm-map.c. */
import type { Probe } from '../../src/model/probe.js';
import { userspaceProbe } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = userspaceProbe({
  id: 'pr-set-mm-map',
  tier: 'required',
  title: 'prctl PR_SET_MM_MAP',
  code: 'BLCR_E_FEATURE_MISSING',
  hint: 'restore sets mm fields with PR_SET_MM_MAP: needs Linux 3.18+ built with CONFIG_CHECKPOINT_RESTORE=y',
});

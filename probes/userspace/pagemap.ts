/** /proc/PID/pagemap (2.6.25): compiles and runs probes/userspace/pagemap.c. */
import type { Probe } from '../../src/model/probe.js';
import { userspaceProbe } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = userspaceProbe({
  id: 'pagemap',
  tier: 'required',
  title: '/proc/PID/pagemap',
  code: 'BLCR_E_FEATURE_MISSING',
  hint: 'the engine finds present pages through /proc/PID/pagemap (CONFIG_PROC_PAGE_MONITOR=y)',
});

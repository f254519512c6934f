/** PAGEMAP_SCAN (6.7): compiles and runs probes/userspace/pagemap-scan.c. */
import type { Probe } from '../../src/model/probe.js';
import { userspaceProbe } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = userspaceProbe({
  id: 'pagemap-scan',
  tier: 'optional',
  title: 'PAGEMAP_SCAN ioctl',
  code: 'BLCR_E_FEATURE_MISSING',
  hint: 'optional (Linux 6.7+): without it the engine reads pagemap 8 bytes per page, slower for large address spaces',
});

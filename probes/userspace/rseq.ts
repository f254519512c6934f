/** PTRACE_GET_RSEQ_CONFIGURATION (5.13): compiles and runs probes/userspace/rseq.c. */
import type { Probe } from '../../src/model/probe.js';
import { userspaceProbe } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = userspaceProbe({
  id: 'rseq',
  tier: 'optional',
  title: 'rseq configuration through ptrace',
  code: 'BLCR_E_FEATURE_MISSING',
  hint: 'optional (Linux 5.13+): without it, restored threads re-register rseq through glibc',
});

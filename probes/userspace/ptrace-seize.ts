/** PTRACE_SEIZE/PTRACE_INTERRUPT (3.4): compiles and runs probes/userspace/ptrace-seize.c. */
import type { Probe } from '../../src/model/probe.js';
import { userspaceProbe } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = userspaceProbe({
  id: 'ptrace-seize',
  tier: 'required',
  title: 'PTRACE_SEIZE and PTRACE_INTERRUPT',
  code: 'BLCR_E_FEATURE_MISSING',
  hint: 'the engine freezes tasks with PTRACE_SEIZE (Linux 3.4+): run a newer kernel, and check ptrace-scope/seccomp',
});

/** process_vm_readv (3.2): compiles and runs probes/userspace/process-vm-readv.c. */
import type { Probe } from '../../src/model/probe.js';
import { userspaceProbe } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = userspaceProbe({
  id: 'process-vm-readv',
  tier: 'required',
  title: 'process_vm_readv',
  code: 'BLCR_E_FEATURE_MISSING',
  hint: 'the engine copies memory with process_vm_readv (Linux 3.2+, CONFIG_CROSS_MEMORY_ATTACH=y); check seccomp and ptrace-scope',
});

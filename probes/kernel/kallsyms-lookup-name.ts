/** Kernel compile test (5.7: kallsyms_lookup_name unexported): probes/kernel/kallsyms-lookup-name.c in the shared kbuild pass. */
import type { Probe } from '../../src/model/probe.js';
import { kernelProbe } from '../../src/probes/lib/kernel-probe.js';

export const probe: Probe = kernelProbe({
  id: 'kallsyms-lookup-name',
  tier: 'optional',
  title: 'kallsyms_lookup_name() exported',
  api: '5.7: kallsyms_lookup_name unexported',
  requiresExport: 'kallsyms_lookup_name',
  hint: 'not exported on this kernel (5.7+): the module resolves symbols from the verified System.map (--with-system-map=...)',
});

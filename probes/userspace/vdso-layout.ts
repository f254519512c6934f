/** [vvar]/[vvar_vclock]/[vdso] layout (6.13 split): compiles and runs probes/userspace/vdso-layout.c. */
import type { Probe } from '../../src/model/probe.js';
import { userspaceProbe } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = userspaceProbe({
  id: 'vdso-layout',
  tier: 'required',
  title: 'vDSO/vvar layout',
  code: 'BLCR_E_FEATURE_MISSING',
  hint: 'restore must place the vDSO: the kernel needs a [vdso] mapping (vdso=1 on the kernel command line)',
});

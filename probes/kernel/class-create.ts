/** Kernel compile test (6.4: one-argument class_create): probes/kernel/class-create.c in the shared kbuild pass. */
import type { Probe } from '../../src/model/probe.js';
import { kernelProbe } from '../../src/probes/lib/kernel-probe.js';

export const probe: Probe = kernelProbe({
  id: 'class-create',
  tier: 'optional',
  title: 'class_create(name)',
  api: '6.4: one-argument class_create',
  hint: 'kernel older than 6.4: kcompat.h calls class_create(THIS_MODULE, name)',
});

/** Kernel compile test (5.8: mmap_lock API): probes/kernel/mmap-lock.c in the shared kbuild pass. */
import type { Probe } from '../../src/model/probe.js';
import { kernelProbe } from '../../src/probes/lib/kernel-probe.js';

export const probe: Probe = kernelProbe({
  id: 'mmap-lock',
  tier: 'optional',
  title: 'mmap_read_lock()',
  api: '5.8: mmap_lock API',
  hint: 'kernel older than 5.8: kcompat.h maps mmap_read_lock() to down_read(&mm->mmap_sem)',
});

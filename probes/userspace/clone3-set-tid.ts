/** clone3 set_tid (5.5): compiles and runs probes/userspace/clone3-set-tid.c. */
import type { Probe } from '../../src/model/probe.js';
import { userspaceProbe } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = userspaceProbe({
  id: 'clone3-set-tid',
  tier: 'required',
  title: 'clone3 with set_tid',
  code: 'BLCR_E_NO_CAPABILITY',
  hint: 'restoring pids needs Linux 5.5+ and CAP_CHECKPOINT_RESTORE: run cr_restart as root, or as root: setcap cap_checkpoint_restore+ep build/bin/cr_restart',
});

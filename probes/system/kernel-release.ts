/** The running kernel: uname -r / -v / -m and /proc/version (which also names its compiler). */
import type { Probe } from '../../src/model/probe.js';
import { Trail } from '../../src/probes/lib/trail.js';

export const probe: Probe = {
  id: 'kernel-release',
  kind: 'system',
  tier: 'required',
  title: 'kernel release',
  async run({ host }) {
    const u = host.uname();
    const procVersion = (await host.readText('/proc/version'))?.trim() ?? null;
    const trail = new Trail().add('uname', `${u.sysname} ${u.release} ${u.version} ${u.machine}`).add('/proc/version', procVersion ?? 'absent');
    const facts = { release: u.release, version: u.version, arch: u.machine, sysname: u.sysname, procVersion };
    if (u.sysname !== 'Linux') {
      return { status: 'fail', summary: `${u.sysname} is not Linux`, facts, evidence: trail.list, code: 'BLCR_E_KERNEL_UNSUPPORTED', hint: 'blcr checkpoints Linux processes: run it on a Linux node' };
    }
    return { status: 'pass', summary: `${u.release} ${u.machine}`, facts, evidence: trail.list };
  },
};

/**
 * Prelink (BLCR FAQ): prelinked libraries sit at different addresses on each node and break
 * restart elsewhere. Configuration files, and the .gnu.prelink_undo section in core libraries.
 */
import type { Probe } from '../../src/model/probe.js';
import { Trail } from '../../src/probes/lib/trail.js';

const LIBS = [
  '/lib/x86_64-linux-gnu/libc.so.6', '/lib64/libc.so.6', '/lib/libc.so.6',
  '/lib/x86_64-linux-gnu/libpthread.so.0', '/lib64/libpthread.so.0',
  '/lib64/ld-linux-x86-64.so.2', '/lib/ld-linux.so.2',
];
const UNDO = Buffer.from('.gnu.prelink_undo');

export const probe: Probe = {
  id: 'prelink',
  kind: 'system',
  tier: 'optional',
  title: 'prelink',
  async run({ host }) {
    const trail = new Trail();
    const sysconfig = await host.readText('/etc/sysconfig/prelink');
    const enabledBySysconfig = sysconfig !== undefined && /^\s*PRELINKING\s*=\s*yes/m.test(sysconfig);
    trail.add('/etc/sysconfig/prelink', sysconfig === undefined ? 'absent' : enabledBySysconfig ? 'PRELINKING=yes' : 'PRELINKING not yes');
    const conf = await host.exists('/etc/prelink.conf');
    trail.add('/etc/prelink.conf', conf ? 'present' : 'absent');
    const prelinkedLibs: string[] = [];
    for (const lib of LIBS) {
      const bytes = await host.readFile(lib);
      if (!bytes) continue;
      const pre = bytes.indexOf(UNDO) >= 0;
      trail.add(lib, pre ? 'prelinked (.gnu.prelink_undo)' : 'not prelinked');
      if (pre) prelinkedLibs.push(lib);
    }
    const configured = enabledBySysconfig || (conf && sysconfig === undefined);
    const facts = { configured, prelinkedLibs };
    if (prelinkedLibs.length === 0 && !configured) return { status: 'pass', summary: 'not in use', facts, evidence: trail.list };
    return {
      status: 'warn',
      summary: prelinkedLibs.length ? `${prelinkedLibs.length} prelinked libraries` : 'prelink is configured',
      facts,
      evidence: trail.list,
      code: 'BLCR_E_PRELINK',
      hint: 'prelink --undo --all, and set PRELINKING=no in /etc/sysconfig/prelink (or checkpoint with --save-all)',
    };
  },
};

/**
 * The host column: this machine's own kernel, engine only (no module where CONFIG_MODULES is
 * off). Runs the same feature probe and e2e script as the guests.
 */
import path from 'node:path';
import type { Host } from '../host/host.js';
import { ROOT } from '../util/paths.js';
import type { GuestBinaries } from './guest-programs.js';
import { parseGuestLog } from './parse-log.js';
import type { Cell, KernelRow } from './table.js';
import { sh } from './sh.js';

export async function hostRow(host: Host, guest: GuestBinaries, modulesOn: boolean): Promise<KernelRow> {
  const t0 = host.now();
  const binDir = path.dirname(guest.programs.crfeatures ?? '');
  const env = { BIN: binDir, TMPDIR: '/tmp' };
  // the engine's binaries are looked up beside the guest programs: link them in
  for (const [n, p] of Object.entries(guest.engine)) await sh(host, 'ln -sf "$1" "$2"', [p, path.join(binDir, n)]);
  if (Object.keys(guest.engine).length === 0) await sh(host, 'rm -f "$1/cr_checkpoint" "$1/cr_restart"', [binDir]);
  const feats = await host.exec(path.join(binDir, 'crfeatures'), []);
  const e2e = path.join(ROOT, 'test', 'matrix', 'e2e.sh');
  const root = await host.exec('sh', [e2e, 'root'], { env, timeoutMs: 60_000 });
  const user = await host.exec('sh', [e2e, 'user'], { env, timeoutMs: 60_000 });
  const g = parseGuestLog([feats.stdout, root.stdout, user.stdout].join('\n'));
  const off: Cell = { state: 'n/a', note: modulesOn ? 'not tested on the host' : 'CONFIG_MODULES off' };
  const e2eCell = (who: 'root' | 'user'): Cell => ({ state: g.e2e[who] ?? 'fail', note: g.e2eDetail[who] ?? 'no result' });
  const u = host.uname();
  return {
    kernel: u.release,
    series: `host ${u.release.split('.').slice(0, 2).join('.')}`,
    cells: { builds: off, loads: off, mapVerified: off, wrongMapRefused: off, pidHelper: off, e2eRoot: e2eCell('root'), e2eUser: e2eCell('user') },
    features: g.features,
    timings: { host: (host.now() - t0) / 1000 },
  };
}

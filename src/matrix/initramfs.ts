/**
 * The guest's initramfs: busybox-static and its applets, blcr.ko, the insmod parameter
 * lines for the right and the wrong System.map, the static guest programs, the engine's
 * static commands when built, and test/matrix/init.sh as /init. gzip'd newc cpio.
 */
import path from 'node:path';
import type { Host } from '../host/host.js';
import { BlcrError } from '../model/errors.js';
import { ROOT } from '../util/paths.js';
import type { GuestBinaries } from './guest-programs.js';
import { must, sh } from './sh.js';

const APPLETS = 'sh mount umount insmod rmmod lsmod dmesg grep sed cat echo cut tail head sleep kill mkdir chown poweroff uname ls';

export interface InitramfsSpec {
  ko: string;
  rightParams: string[];
  /** Parameters from another kernel's map; empty skips the refusal test. */
  wrongParams: string[];
  /** This kernel's parameters with one import moved: the module must name it. */
  tamperedParams: string[];
  guest: GuestBinaries;
  out: string;
}

export async function makeInitramfs(host: Host, spec: InitramfsSpec): Promise<void> {
  const busybox = '/bin/busybox';
  const file = await host.exec('file', ['-L', busybox]);
  if (!/statically linked|static-pie/.test(file.stdout)) {
    throw new BlcrError('BLCR_E_BUILD_FAILED', `${busybox} is not a static build`, { hint: 'apt-get install busybox-static' });
  }
  const stage = `${spec.out}.d`;
  must(await sh(host, 'rm -rf "$1" && mkdir -p "$1/bin" "$1/lib/blcr" "$1/etc/blcr" "$1/proc" "$1/sys" "$1/dev" "$1/tmp"', [stage]), 'stage initramfs');
  const copies: Array<[string, string]> = [
    [busybox, 'bin/busybox'],
    [spec.ko, 'lib/blcr/blcr.ko'],
    [path.join(ROOT, 'test', 'matrix', 'init.sh'), 'init'],
    [path.join(ROOT, 'test', 'matrix', 'e2e.sh'), 'bin/e2e.sh'],
    ...Object.entries({ ...spec.guest.programs, ...spec.guest.engine }).map(([n, p]): [string, string] => [p, `bin/${n}`]),
  ];
  for (const [from, to] of copies) must(await host.exec('cp', [from, path.join(stage, to)]), `copy ${from}`);
  await host.writeFile(path.join(stage, 'etc/blcr/right.params'), `${spec.rightParams.join(' ')}\n`);
  await host.writeFile(path.join(stage, 'etc/blcr/wrong.params'), spec.wrongParams.length ? `${spec.wrongParams.join(' ')}\n` : '');
  await host.writeFile(path.join(stage, 'etc/blcr/tampered.params'), `${spec.tamperedParams.join(' ')}\n`);
  const script = `set -e; cd "$1"; chmod 755 init; for a in ${APPLETS}; do ln -sf busybox bin/$a; done
find . -print0 | cpio --null -o -H newc --owner 0:0 --quiet | gzip -1 > "$2"; cd /; rm -rf "$1"`;
  must(await sh(host, script, [stage, spec.out]), 'pack initramfs');
}

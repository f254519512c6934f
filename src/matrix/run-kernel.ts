/** One matrix kernel, once fetched: build → insmod parameters (right and wrong map) → initramfs. */
import path from 'node:path';
import type { Host } from '../host/host.js';
import { BlcrError } from '../model/errors.js';
import { mapToParams, tamperParams } from '../kmod/module-params.js';
import { buildModule, type ModuleBuild } from './build-module.js';
import type { MatrixCache } from './cache.js';
import type { FetchedKernel } from './fetch-kernel.js';
import type { GuestBinaries } from './guest-programs.js';
import { makeInitramfs } from './initramfs.js';
import type { MatrixKernel } from './kernels.js';

export interface PreparedKernel {
  kernel: MatrixKernel;
  fetched: FetchedKernel;
  build: ModuleBuild;
  initrd?: string;
  /** Whose map the refusal test uses. */
  wrongMapOf?: string;
  timings: Record<string, number>;
}

export async function prepareKernel(
  host: Host,
  cache: MatrixCache,
  k: MatrixKernel,
  fetched: FetchedKernel,
  opts: { guest: GuestBinaries; wrongMap?: { release: string; path: string } },
): Promise<PreparedKernel> {
  const build = await buildModule(host, cache, k.release, fetched.headers);
  const prepared: PreparedKernel = { kernel: k, fetched, build, timings: { fetch: fetched.seconds, build: build.seconds } };
  if (!build.ok) return prepared;
  const t0 = host.now();
  const mapText = await host.readText(fetched.systemMap);
  if (mapText === undefined) throw new BlcrError('BLCR_E_UNREADABLE_SYSTEM_MAP', `cannot read ${fetched.systemMap}`);
  const right = mapToParams(mapText, fetched.systemMap);
  let wrongArgs: string[] = [];
  if (opts.wrongMap) {
    const wrongText = await host.readText(opts.wrongMap.path);
    if (wrongText !== undefined) wrongArgs = mapToParams(wrongText, opts.wrongMap.path).args;
    prepared.wrongMapOf = opts.wrongMap.release;
  }
  const initrd = path.join(cache.work(k.release), 'initrd.cpio.gz');
  await makeInitramfs(host, { ko: build.ko, rightParams: right.args, wrongParams: wrongArgs, tamperedParams: tamperParams(right.args, 'kernel_clone_addr', 16), guest: opts.guest, out: initrd });
  prepared.initrd = initrd;
  prepared.timings.initramfs = (host.now() - t0) / 1000;
  return prepared;
}

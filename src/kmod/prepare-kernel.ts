/**
 * `blcr prepare-kernel --source DIR|TARBALL [--config FILE]`: BLCR's FAQ recipe for nodes with
 * a kernel source but no configured tree. Unpack the source (tarball), install the running
 * kernel's config (--config, /proc/config.gz, /boot/config-$(uname -r)) as .config, then
 * `make olddefconfig && make modules_prepare`. The result is what `--with-linux=DIR` takes.
 */
import path from 'node:path';
import type { Host } from '../host/host.js';
import { BlcrError } from '../model/errors.js';

export interface PrepareKernelOptions {
  host: Host;
  source: string;
  config?: string;
  /** Where a tarball is unpacked (default: beside it). */
  outDir?: string;
  jobs?: number;
}

export interface PreparedTree {
  dir: string;
  release: string;
  configSource: string;
  matchesRunning: boolean;
  seconds: number;
}

const TARBALL = /\.tar(\.(xz|gz|bz2|zst))?$|\.tgz$/;

/** The running kernel's config, in BLCR's order after an explicit --config. */
export async function runningConfig(host: Host, explicit?: string): Promise<{ text: string; source: string }> {
  const release = host.uname().release;
  if (explicit !== undefined) {
    const text = await host.readText(explicit);
    if (text === undefined) throw new BlcrError('BLCR_E_BAD_PATH', `cannot read --config ${explicit}`, { hint: 'give a kernel .config file' });
    return { text, source: explicit };
  }
  const gz = await host.exec('sh', ['-c', 'zcat /proc/config.gz']);
  if (gz.exitCode === 0 && gz.stdout.includes('CONFIG_')) return { text: gz.stdout, source: '/proc/config.gz' };
  const boot = `/boot/config-${release}`;
  const text = await host.readText(boot);
  if (text !== undefined) return { text, source: boot };
  throw new BlcrError('BLCR_E_NOT_CONFIGURED', `no config for ${release}: /proc/config.gz and ${boot} are absent`, {
    hint: 'pass the config the kernel was built with: blcr prepare-kernel --source DIR --config FILE',
  });
}

async function unpack(host: Host, tarball: string, outDir: string): Promise<string> {
  await host.mkdirp(outDir);
  const list = await host.exec('sh', ['-c', 'tar -tf "$1" | head -n1', 'sh', tarball]);
  const top = list.stdout.trim().split('/')[0];
  if (!top) throw new BlcrError('BLCR_E_BAD_PATH', `${tarball} is not a readable tar archive`, { hint: 'give the linux source tarball or an unpacked tree' });
  const dir = path.join(outDir, top);
  if (!(await host.exists(path.join(dir, 'Makefile')))) {
    const r = await host.exec('tar', ['-xf', tarball, '-C', outDir], { timeoutMs: 900_000 });
    if (r.exitCode !== 0) throw new BlcrError('BLCR_E_BUILD_FAILED', `unpacking ${tarball} failed: ${r.stderr.trim()}`, { hint: 'check free disk space (a kernel tree needs ~1.5 GB)' });
  }
  return dir;
}

export async function prepareKernelTree(opts: PrepareKernelOptions): Promise<PreparedTree> {
  const { host } = opts;
  const t0 = host.now();
  const dir = TARBALL.test(opts.source) ? await unpack(host, opts.source, opts.outDir ?? path.dirname(opts.source)) : opts.source;
  if (!(await host.exists(path.join(dir, 'Makefile'))) || !(await host.exists(path.join(dir, 'Kconfig')))) {
    throw new BlcrError('BLCR_E_BAD_PATH', `${dir} is not a kernel source tree (no Makefile/Kconfig)`, { hint: 'Debian: apt-get install linux-source-X.Y; the tarball is in /usr/src' });
  }
  const cfg = await runningConfig(host, opts.config);
  await host.writeFile(path.join(dir, '.config'), cfg.text);
  for (const target of ['olddefconfig', 'modules_prepare']) {
    const r = await host.exec('make', ['-C', dir, `-j${opts.jobs ?? 2}`, target], { timeoutMs: 1_800_000 });
    if (r.exitCode !== 0) {
      const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-4).join('\n');
      throw new BlcrError('BLCR_E_BUILD_FAILED', `make ${target} in ${dir} failed:\n${tail}`, { hint: 'install the kernel build deps (apt-get install build-essential bc bison flex libelf-dev libssl-dev) and re-run' });
    }
  }
  const release = ((await host.readText(path.join(dir, 'include', 'config', 'kernel.release'))) ?? '').trim();
  return { dir, release, configSource: cfg.source, matchesRunning: release === host.uname().release, seconds: (host.now() - t0) / 1000 };
}

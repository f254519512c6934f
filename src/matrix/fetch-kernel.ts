/**
 * Downloads a Debian kernel's image, headers and kbuild tools with `apt-get download` and
 * unpacks them with `dpkg-deb -x` (no maintainer scripts, nothing installed), plus the real
 * System.map: from the repository's xz test data when present, otherwise from the -dbg
 * package (~1 GB; only System.map is kept, the tar stops at its first match).
 */
import path from 'node:path';
import type { Host } from '../host/host.js';
import { BlcrError } from '../model/errors.js';
import { FIXTURES_DIR } from '../util/paths.js';
import { fixtureDirFor, type MatrixCache } from './cache.js';
import { sh, must } from './sh.js';

export interface FetchedKernel {
  release: string;
  vmlinuz: string;
  headers: string;
  systemMap: string;
  /** Where the map came from: fixture, dbg package or cache. */
  mapSource: string;
  seconds: number;
}

/** linux-headers-X-common and linux-kbuild-X from `apt-cache show linux-headers-K`'s Depends. */
export function headerDependencies(aptCacheShow: string): string[] {
  const depends = /^Depends:\s*(.*)$/m.exec(aptCacheShow)?.[1] ?? '';
  return depends
    .split(',')
    .map((d) => d.trim().split(/\s+/)[0] ?? '')
    .filter((d) => /^linux-headers-.*-common(-rt)?$/.test(d) || /^linux-kbuild-/.test(d));
}

export async function fetchKernel(host: Host, cache: MatrixCache, release: string, aptConf: string, saveFixture: boolean): Promise<FetchedKernel> {
  const t0 = host.now();
  const root = cache.root(release);
  const debs = cache.debs(release);
  const env = { APT_CONFIG: aptConf };
  const headers = path.join(root, 'usr', 'src', `linux-headers-${release}`);
  if (!(await host.exists(path.join(root, '.complete')))) {
    await host.mkdirp(debs);
    await host.mkdirp(root);
    const show = await host.exec('apt-cache', ['show', `linux-headers-${release}`], { env });
    if (show.exitCode !== 0) {
      throw new BlcrError('BLCR_E_KERNEL_UNSUPPORTED', `no package linux-headers-${release} in bullseye/bookworm/trixie(-security,-backports)`, {
        hint: 'pick an ABI that still has headers: APT_CONFIG=<cache>/apt/apt.conf apt-cache search --names-only ^linux-headers-',
      });
    }
    const pkgs = [`linux-image-${release}`, `linux-headers-${release}`, ...headerDependencies(show.stdout)];
    // 7.x: linux-image-K is a meta package; the vmlinuz is in linux-binary-K
    if ((await host.exec('apt-cache', ['show', `linux-binary-${release}`], { env })).exitCode === 0) pkgs.push(`linux-binary-${release}`);
    const have = await host.readdir(debs);
    const missing = pkgs.filter((p) => !have.some((f) => f.startsWith(`${p}_`) && f.endsWith('.deb')));
    if (missing.length > 0) must(await host.exec('apt-get', ['download', ...missing], { cwd: debs, env, timeoutMs: 600_000 }), `download ${missing.join(' ')}`);
    for (const f of await host.readdir(debs)) {
      if (!f.endsWith('.deb') || f.includes('-dbg_')) continue;
      must(await host.exec('dpkg-deb', ['-x', path.join(debs, f), root]), `unpack ${f}`);
    }
    // The headers Makefile names the -common tree (and on 7.x KBUILD_OUTPUT) by absolute /usr/src path.
    must(await sh(host, 'sed -i -E "s#(^|[ =])/usr/src/#\\1$1/usr/src/#g" "$2/Makefile"', [root, headers]), 'fix headers Makefile');
    await host.writeFile(path.join(root, '.complete'), `${new Date(host.now()).toISOString()}\n`);
  }
  const { systemMap, mapSource } = await ensureSystemMap(host, cache, release, aptConf, saveFixture);
  const vmlinuz = (await host.exists(path.join(root, 'boot', `vmlinuz-${release}`)))
    ? path.join(root, 'boot', `vmlinuz-${release}`)
    : path.join(root, 'usr', 'lib', 'modules', release, 'vmlinuz');
  if (!(await host.exists(vmlinuz))) throw new BlcrError('BLCR_E_BUILD_FAILED', `no vmlinuz for ${release} under ${root}`, { hint: `rm -rf ${root} and run again` });
  return { release, vmlinuz, headers, systemMap, mapSource, seconds: (host.now() - t0) / 1000 };
}

async function ensureSystemMap(host: Host, cache: MatrixCache, release: string, aptConf: string, saveFixture: boolean) {
  const systemMap = cache.map(release);
  const fixture = path.join(FIXTURES_DIR, fixtureDirFor(release), 'System.map.xz');
  if (await host.exists(systemMap)) return { systemMap, mapSource: 'cache' };
  await host.mkdirp(path.dirname(systemMap));
  if (await host.exists(fixture)) {
    must(await sh(host, 'xz -dc "$1" > "$2.tmp" && mv "$2.tmp" "$2"', [fixture, systemMap]), 'decompress fixture System.map');
    return { systemMap, mapSource: path.relative(path.dirname(FIXTURES_DIR), fixture) };
  }
  const debs = cache.debs(release);
  const pkg = `linux-image-${release}-dbg`;
  if (!(await host.readdir(debs)).some((f) => f.startsWith(`${pkg}_`))) {
    must(await host.exec('apt-get', ['download', pkg], { cwd: debs, env: { APT_CONFIG: aptConf }, timeoutMs: 600_000 }), `download ${pkg}`);
  }
  // ≤6.12: usr/lib/debug/boot/System.map-K; 7.x: usr/lib/debug/lib/modules/K/System.map
  const script = `set -e; t=$(mktemp -d); dpkg-deb --fsys-tarfile "$1"/${pkg}_*.deb | tar -x -C "$t" --wildcards --occurrence=1 './usr/lib/debug/*System.map*' || true
m=$(find "$t" -name 'System.map*' -type f | head -n1); [ -n "$m" ] && mv "$m" "$2"; rm -rf "$t"; [ -s "$2" ]; rm -f "$1"/${pkg}_*.deb`;
  must(await sh(host, script, [debs, systemMap]), `extract System.map from ${pkg}`);
  if (saveFixture) must(await sh(host, 'mkdir -p "$(dirname "$2")" && xz -9 -c "$1" > "$2"', [systemMap, fixture]), 'save xz System.map fixture');
  return { systemMap, mapSource: pkg };
}

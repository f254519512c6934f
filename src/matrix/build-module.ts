/**
 * Builds native/kmod against unpacked Debian headers with the compiler that built the
 * kernel: on the host when it has that gcc, otherwise in an mmdebstrap chroot of the Debian
 * release that ships it (made once, ~45 s, cached), run in a private mount namespace with
 * the cache bind-mounted at the same path and /proc mounted (objtool reads it).
 */
import path from 'node:path';
import type { Host } from '../host/host.js';
import { NATIVE_DIR } from '../util/paths.js';
import type { MatrixCache } from './cache.js';
import { suiteForCc } from './kernels.js';
import { parseMirrors } from './apt-config.js';
import { must, sh } from './sh.js';

export interface ModuleBuild {
  ok: boolean;
  ko: string;
  /** "gcc-12 (host)" or "gcc-10 (bullseye chroot)". */
  compiler: string;
  log: string;
  seconds: number;
}

/** `gcc-N` the headers name: .kernelvariables CC line, else CONFIG_CC_VERSION_TEXT. */
export function kernelCompiler(kernelVariables: string | undefined, config: string | undefined): string | undefined {
  const fromVars = /\bgcc-\d+/.exec(kernelVariables ?? '')?.[0];
  if (fromVars !== undefined) return fromVars;
  const text = /^CONFIG_CC_VERSION_TEXT="([^"]*)"/m.exec(config ?? '')?.[1] ?? '';
  const ver = /\)\s+(\d+)\.\d+/.exec(text)?.[1];
  return ver === undefined ? undefined : `gcc-${ver}`;
}

async function ensureChroot(host: Host, cache: MatrixCache, suite: string, cc: string): Promise<string> {
  const dir = cache.chroot(suite);
  if (await host.exists(path.join(dir, 'usr', 'bin', cc))) return dir;
  const mirror = parseMirrors((await host.readText('/etc/apt/sources.list.d/debian.sources')) ?? '').main;
  await sh(host, 'rm -rf "$1"', [dir]);
  await host.mkdirp(path.dirname(dir));
  must(
    await host.exec('mmdebstrap', ['--quiet', '--variant=minbase', `--include=${cc},make,libc6-dev,libelf-dev,bc,kmod`, '--mode=root', suite, dir, `deb ${mirror} ${suite} main`], { timeoutMs: 600_000 }),
    `mmdebstrap ${suite} chroot for ${cc}`,
  );
  return dir;
}

export async function buildModule(host: Host, cache: MatrixCache, release: string, headers: string): Promise<ModuleBuild> {
  const t0 = host.now();
  const out = path.join(cache.work(release), 'kmod');
  const ko = path.join(out, 'blcr.ko');
  // a clean copy of the sources: the tree itself may hold another kernel's objects
  must(await sh(host, 'rm -rf "$2" && mkdir -p "$2" && cd "$1" && find . -name "*.[ch]" -o -name Kbuild -o -name Makefile | tar -cf - -T - | tar -xf - -C "$2"', [path.join(NATIVE_DIR, 'kmod'), out]), 'copy module sources');
  const cc = kernelCompiler(await host.readText(path.join(headers, '.kernelvariables')), await host.readText(path.join(headers, '.config'))) ?? 'gcc';
  const hasPahole = (await sh(host, 'command -v pahole')).exitCode === 0;
  const makeArgs = ['-C', headers, `M=${out}`, '-j2', ...(hasPahole ? [] : ['CONFIG_DEBUG_INFO_BTF_MODULES=']), 'modules'];
  let compiler = `${cc} (host)`;
  let r;
  if ((await sh(host, 'command -v "$1"', [cc])).exitCode === 0) {
    r = await host.exec('make', makeArgs, { timeoutMs: 300_000 });
  } else {
    const suite = suiteForCc(cc);
    if (suite === undefined) {
      return { ok: false, ko, compiler: cc, log: `no Debian release known to ship ${cc}`, seconds: (host.now() - t0) / 1000 };
    }
    const chroot = await ensureChroot(host, cache, suite, cc);
    compiler = `${cc} (${suite} chroot)`;
    const script = 'set -e; mkdir -p "$1$2" "$1/proc"; mount --bind "$2" "$1$2"; mount -t proc proc "$1/proc"; ch=$1; shift 2; exec chroot "$ch" make "$@"';
    r = await host.exec('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', chroot, cache.dir, ...makeArgs], { timeoutMs: 300_000 });
  }
  const log = `$ ${r.command}\n${r.stdout}\n${r.stderr}`;
  await host.writeFile(path.join(cache.work(release), 'build.log'), log);
  return { ok: r.exitCode === 0 && (await host.exists(ko)), ko, compiler, log, seconds: (host.now() - t0) / 1000 };
}

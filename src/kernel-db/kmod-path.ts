/**
 * The kernel-module path (the pid-restore helper): on only when the kernel takes modules,
 * configured headers match the running kernel, the compiler matches the kernel's, a full
 * System.map was verified against /proc/kallsyms, and neither signature enforcement nor
 * lockdown forbids an unsigned module. Off: the FIRST blocker, stated precisely.
 */
import type { PathVerdict } from '../model/verdict.js';
import type { Distro, DistroKernel, KernelDb } from './types.js';
import { bool, num, obj, passed, str, type Blocker, type ResultMap } from './results.js';

export interface KmodInput {
  results: ResultMap;
  db: KernelDb;
  release: string;
  /** false: --disable-kmod; true/undefined: decide from the probes. */
  enableKmod?: boolean;
}

export interface DistroMatch {
  distro: Distro;
  kernel: DistroKernel;
}

/** The distribution overlay whose kernel line this release belongs to. */
export function distroKernelFor(release: string, db: KernelDb): DistroMatch | undefined {
  for (const distro of db.distros) {
    const kernel = distro.kernels.find((k) => new RegExp(k.match).test(release));
    if (kernel !== undefined) return { distro, kernel };
  }
  return undefined;
}

function mapHint(release: string, distro: DistroMatch | undefined): string {
  if (distro?.kernel.dbgPackage !== undefined) {
    const pkg = distro.kernel.dbgPackage.replace(distro.kernel.release, release);
    const map = (distro.kernel.systemMap ?? `/usr/lib/debug/boot/System.map-${release}`).replace(distro.kernel.release, release);
    return `apt-get install ${pkg}, then --with-system-map=${map}`;
  }
  return `pass the map built with this kernel: --with-system-map=/boot/System.map-${release} (or the debug package's /usr/lib/debug/boot/System.map-${release})`;
}

function moduleSupport({ results, release }: KmodInput): Blocker | undefined {
  const support = results.get('module-support');
  const config = results.get('kernel-config');
  const modules = bool(support, 'modules') ?? (passed(config) ? bool(config, 'modules') : undefined);
  if (modules === true) return undefined;
  const hint = 'the userspace engine does not need the module; for the unprivileged pid helper boot a kernel with CONFIG_MODULES=y';
  if (modules === undefined) return { reason: `module support of kernel ${release} is unknown (the module-support probe did not report)`, because: ['module-support'], code: 'BLCR_E_NO_MODULES', hint };
  if (bool(support, 'modulesDisabled') === true) {
    return { reason: `module loading is disabled (kernel.modules_disabled=1; kernel ${release} cannot load modules until reboot)`, because: ['module-support'], code: 'BLCR_E_NO_MODULES', hint };
  }
  return { reason: `CONFIG_MODULES is not set (kernel ${release} cannot load modules)`, because: ['module-support'], code: 'BLCR_E_NO_MODULES', hint };
}

function headers({ results, release }: KmodInput, distro: DistroMatch | undefined): Blocker | undefined {
  const r = results.get('kernel-headers');
  const dir = str(r, 'dir');
  if (bool(r, 'configured') !== true) {
    if (bool(r, 'sourceOnly') === true && dir !== undefined) {
      return { reason: `the kernel source at ${dir} is not configured (no include/generated/utsrelease.h or .config)`, because: ['kernel-headers'], code: 'BLCR_E_NO_HEADERS', hint: `blcr prepare-kernel --source ${dir}, then ./configure --with-linux=${dir}` };
    }
    const install = distro !== undefined ? `apt-get install linux-headers-${release}` : `install the kernel headers for ${release}`;
    return { reason: `no configured kernel headers for ${release}${dir === undefined ? '' : ` (${dir} is not a configured tree)`}`, because: ['kernel-headers'], code: 'BLCR_E_NO_HEADERS', hint: `${install}, or pass --with-linux=DIR` };
  }
  if (bool(r, 'matchesRunning') !== true) {
    const uts = str(r, 'utsRelease') ?? 'another kernel';
    return { reason: `the kernel headers at ${dir ?? '?'} are for ${uts}, not the running kernel ${release}`, because: ['kernel-headers'], code: 'BLCR_E_HEADERS_MISMATCH', hint: `install linux-headers-${release} or pass --with-linux=/lib/modules/${release}/build` };
  }
  return undefined;
}

function compiler({ results, release }: KmodInput, distro: DistroMatch | undefined): Blocker | undefined {
  const r = results.get('compiler');
  if (str(r, 'match') !== 'mismatch') return undefined;
  const kernelCc = str(r, 'kernelCc') ?? 'another compiler';
  const major = /gcc[^0-9]*([0-9]+)\./i.exec(kernelCc)?.[1];
  const wanted = distro?.kernel.cc ?? (major === undefined ? 'the kernel\'s compiler' : `gcc-${major}`);
  return {
    reason: `compiler mismatch: ${str(r, 'cc') ?? 'CC'} is ${str(r, 'ccVersion') ?? 'unknown'}, but kernel ${release} was built with ${kernelCc}`,
    because: ['compiler'],
    code: 'BLCR_E_CC_MISMATCH',
    hint: `CC=/usr/bin/${wanted} ./configure (install ${wanted} first)`,
  };
}

function systemMap({ results, release }: KmodInput, distro: DistroMatch | undefined): Blocker | undefined {
  const r = results.get('system-map');
  const kind = str(r, 'kind');
  const at = str(r, 'path') ?? '(none)';
  const symbols = num(r, 'symbols');
  const hint = mapHint(release, distro);
  switch (kind) {
    case 'full':
      break;
    case 'stub':
      return { reason: `the System.map at ${at} is a stub (${symbols ?? 0} symbols), not the kernel's symbol table`, because: ['system-map'], code: 'BLCR_E_STUB_SYSTEM_MAP', hint };
    case 'stripped':
      return { reason: `the System.map at ${at} is stripped (${symbols ?? 0} symbols)`, because: ['system-map'], code: 'BLCR_E_STRIPPED_SYSTEM_MAP', hint };
    case 'unreadable':
      return { reason: `the System.map at ${at} cannot be read`, because: ['system-map'], code: 'BLCR_E_UNREADABLE_SYSTEM_MAP', hint: 'run ./configure as root, or pass a readable copy with --with-system-map=FILE' };
    default:
      return { reason: `no System.map found for ${release}`, because: ['system-map'], code: 'BLCR_E_NO_SYSTEM_MAP', hint };
  }
  const v = results.get('system-map-kallsyms');
  const verdict = str(v, 'verdict');
  if (verdict === 'match') return undefined;
  if (verdict === 'mismatch') {
    const first = obj(v, 'firstMismatch');
    const sym = first === undefined ? undefined : `${String(first['symbol'])} is ${String(first['map'])} in the map but ${String(first['kallsyms'])} in /proc/kallsyms`;
    const slide = str(v, 'slide');
    const aligned = bool(v, 'slideAligned') === false && slide !== undefined ? ` (slide ${slide} is not a multiple of the kernel's physical alignment)` : '';
    return { reason: `the System.map at ${at} does not belong to the running kernel ${release}: ${sym ?? 'symbol addresses differ'}${aligned}`, because: ['system-map-kallsyms'], code: 'BLCR_E_WRONG_SYSTEM_MAP', hint };
  }
  if (verdict === 'unverifiable') {
    return { reason: `the System.map at ${at} cannot be verified against /proc/kallsyms: ${str(v, 'reason') ?? 'addresses are hidden'}`, because: ['system-map-kallsyms', 'kallsyms'], code: 'BLCR_E_WRONG_SYSTEM_MAP', hint: 'run ./configure as root (kernel.kptr_restrict hides kernel addresses from other users)' };
  }
  return { reason: `the System.map at ${at} was not verified against /proc/kallsyms (${str(v, 'reason') ?? 'check skipped'})`, because: ['system-map-kallsyms'], code: 'BLCR_E_WRONG_SYSTEM_MAP', hint: 'run ./configure as root so /proc/kallsyms shows real addresses' };
}

function signing({ results }: KmodInput): Blocker | undefined {
  const sig = results.get('module-signing');
  if (bool(sig, 'enforced') === true) {
    return { reason: `module signatures are enforced (${str(sig, 'source') ?? 'module.sig_enforce'}): the unsigned blcr module would be rejected`, because: ['module-signing'], code: 'BLCR_E_MODULE_SIG', hint: 'sign blcr.ko with an enrolled MOK key as DKMS does (mokutil --import, then scripts/sign-file); blcr never forces a load' };
  }
  const mode = str(results.get('lockdown'), 'mode');
  if (mode === 'integrity' || mode === 'confidentiality') {
    return { reason: `kernel lockdown is in ${mode} mode: unsigned modules cannot be loaded`, because: ['lockdown'], code: 'BLCR_E_LOCKDOWN', hint: 'sign blcr.ko with an enrolled MOK key as DKMS does; the userspace engine does not need the module' };
  }
  return undefined;
}

export function kmodPath(input: KmodInput): PathVerdict {
  const distro = distroKernelFor(input.release, input.db);
  if (input.enableKmod === false) {
    return { path: 'kmod', enabled: false, reason: 'disabled by --disable-kmod', because: [] };
  }
  const checks = [
    () => moduleSupport(input),
    () => headers(input, distro),
    () => compiler(input, distro),
    () => systemMap(input, distro),
    () => signing(input),
  ];
  for (const check of checks) {
    const b = check();
    if (b !== undefined) {
      const path: PathVerdict = { path: 'kmod', enabled: false, reason: b.reason, because: b.because, code: b.code };
      if (b.hint !== undefined) path.hint = b.hint;
      return path;
    }
  }
  const r = input.results;
  const cc = str(r.get('compiler'), 'ccVersion') ?? str(r.get('compiler'), 'cc') ?? 'the compiler';
  const slide = str(r.get('system-map-kallsyms'), 'slide');
  return {
    path: 'kmod',
    enabled: true,
    reason: `kernel ${input.release} takes modules; headers at ${str(r.get('kernel-headers'), 'dir') ?? '?'} match; ${cc} matches the kernel's compiler (${str(r.get('compiler'), 'match') ?? '?'}); System.map at ${str(r.get('system-map'), 'path') ?? '?'} verified against /proc/kallsyms${slide === undefined ? '' : ` (KASLR slide ${slide})`}`,
    because: ['module-support', 'kernel-headers', 'compiler', 'system-map', 'system-map-kallsyms', 'module-signing', 'lockdown'],
  };
}

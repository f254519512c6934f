/** configure's own decisions on top of the verdict: the user's kmod choice, which tree and map the build uses. */
import type { ProbeResult } from '../model/probe.js';
import type { Verdict } from '../model/verdict.js';
import { BlcrError } from '../model/errors.js';
import type { ConfigureOptions } from './options.js';

export interface Decision {
  what: string;
  value: string | boolean | null;
  why: string;
}

function fact(results: readonly ProbeResult[], id: string, key: string): unknown {
  return results.find((r) => r.id === id)?.facts[key];
}

/** --disable-kmod turns the module path off; --enable-kmod makes an off module path an error (exit 1). */
export function applyKmodChoice(verdict: Verdict, enableKmod: boolean | undefined): { verdict: Verdict; decision: Decision } {
  const kmod = verdict.paths.find((p) => p.path === 'kmod');
  if (enableKmod === false) {
    const paths = verdict.paths.map((p) => (p.path === 'kmod' ? { ...p, enabled: false, reason: 'disabled with --disable-kmod', because: ['--disable-kmod'] } : p));
    return { verdict: { ...verdict, paths }, decision: { what: 'kmod', value: false, why: '--disable-kmod' } };
  }
  if (enableKmod === true && !kmod?.enabled) {
    const why = kmod?.reason ?? 'the kernel-db gave no verdict for the module path';
    throw new BlcrError('BLCR_E_NO_MODULES', `--enable-kmod was given but the kernel module path cannot be on: ${why}`, {
      hint: kmod?.hint ?? 'drop --enable-kmod (the userspace engine needs no module)',
    });
  }
  const on = kmod?.enabled ?? false;
  return { verdict, decision: { what: 'kmod', value: on, why: enableKmod ? '--enable-kmod' : `auto: ${kmod?.reason ?? 'no verdict'}` } };
}

/** The kernel tree for kbuild: --with-linux, else the headers the probe found when they match the running kernel. */
export function chooseKernelTree(opts: ConfigureOptions, results: readonly ProbeResult[]): Decision {
  if (opts.withLinux) return { what: 'with-linux', value: opts.withLinux, why: '--with-linux' };
  const dir = fact(results, 'kernel-headers', 'dir');
  const matches = fact(results, 'kernel-headers', 'matchesRunning') === true && fact(results, 'kernel-headers', 'configured') === true;
  if (typeof dir === 'string' && matches) return { what: 'with-linux', value: dir, why: 'configured headers matching the running kernel' };
  return { what: 'with-linux', value: null, why: typeof dir === 'string' ? `${dir} does not match the running kernel or is not configured` : 'no kernel headers found' };
}

/** The System.map handed to the module loader: --with-system-map, else the probe's full map. */
export function chooseSystemMap(opts: ConfigureOptions, results: readonly ProbeResult[]): Decision {
  if (opts.withSystemMap) return { what: 'system-map', value: opts.withSystemMap, why: '--with-system-map' };
  const p = fact(results, 'system-map', 'path');
  const kind = fact(results, 'system-map', 'kind');
  if (typeof p === 'string' && kind === 'full') return { what: 'system-map', value: p, why: 'found by the system-map probe' };
  return { what: 'system-map', value: null, why: typeof kind === 'string' ? `system map: ${kind}` : 'no System.map found' };
}

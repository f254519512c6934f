/**
 * `blcr load` and configure's load step: insmod blcr.ko with the System.map addresses it
 * verifies at init (module-params.ts), then report what the kernel said. Root only. A
 * refusal is an error naming the symbol the module named; signing and lockdown failures
 * are reported with their fix, never worked around.
 */
import path from 'node:path';
import type { Host } from '../host/host.js';
import { BlcrError } from '../model/errors.js';
import { classifyInsmodFailure } from './insmod-failure.js';
import { mapToParams } from './module-params.js';
import { parseAcceptance } from './refusal.js';

export interface LoadOptions {
  host: Host;
  koPath: string;
  /** The running kernel's full System.map; found in the standard places when absent. */
  systemMapPath?: string;
  /** Alias used by configure's load step (src/build/load-step.ts). */
  systemMap?: string;
  /** Compute and report the insmod command without running it. */
  dryRun?: boolean;
}

export interface LoadOutcome {
  loaded: boolean;
  verified: boolean;
  message: string;
}

/** BLCR's search order for the running kernel's map, plus Debian's -dbg locations. */
export function systemMapCandidates(release: string): string[] {
  return [
    `/boot/System.map-${release}`,
    `/lib/modules/${release}/build/System.map`,
    `/usr/lib/debug/boot/System.map-${release}`,
    `/usr/lib/debug/lib/modules/${release}/System.map`,
    `/usr/src/linux-headers-${release}/System.map`,
  ];
}

async function findSystemMap(host: Host, release: string): Promise<{ path: string; text: string }> {
  const tried: string[] = [];
  for (const p of systemMapCandidates(release)) {
    const text = await host.readText(p);
    const count = text === undefined ? 0 : text.split('\n').length;
    tried.push(`${p}: ${text === undefined ? 'absent' : `${count} lines`}`);
    if (text !== undefined && count > 1000) return { path: p, text };
  }
  throw new BlcrError('BLCR_E_NO_SYSTEM_MAP', `no full System.map for ${release} (${tried.join('; ')})`, {
    hint: `install the kernel's debug package (Debian: apt-get install linux-image-${release}-dbg) or pass --system-map=PATH`,
  });
}

export async function loadModule(opts: LoadOptions): Promise<LoadOutcome> {
  const { host, koPath } = opts;
  if (host.uid() !== 0) {
    throw new BlcrError('BLCR_E_NO_CAPABILITY', 'loading blcr.ko needs root', { hint: 'run `sudo blcr load` (root installs, anyone restarts their own)' });
  }
  if (!(await host.exists(koPath))) {
    throw new BlcrError('BLCR_E_BAD_PATH', `${koPath} does not exist`, { hint: 'build it first: ./configure --with-linux=DIR && make' });
  }
  const release = host.uname().release;
  const given = opts.systemMapPath ?? opts.systemMap;
  const map = given === undefined ? await findSystemMap(host, release) : { path: given, text: await host.readText(given) };
  if (map.text === undefined) {
    throw new BlcrError('BLCR_E_UNREADABLE_SYSTEM_MAP', `cannot read ${map.path}`, { hint: 'check the path and its permissions (--system-map=PATH)' });
  }
  const params = mapToParams(map.text, map.path);
  const command = `insmod ${koPath} ${params.args.join(' ')}`;
  const off = params.missingImports.length ? ` (pid helper off: ${params.missingImports.join(', ')} not in the map)` : '';
  if (opts.dryRun) return { loaded: false, verified: false, message: `would run: ${command}${off}` };
  if (await host.exists('/sys/module/blcr')) {
    return { loaded: true, verified: true, message: `blcr is already loaded (verified at its load); \`rmmod blcr\` first to reload with ${path.basename(map.path)}` };
  }
  const r = await host.exec('insmod', [koPath, ...params.args]);
  const dmesg = await host.exec('dmesg', []);
  const klog = dmesg.stdout.split('\n').filter((l) => /blcr: |Lockdown: |module verification/.test(l)).slice(-10).join('\n');
  if (r.exitCode !== 0) {
    const f = classifyInsmodFailure(`${r.stderr}\n${klog}`, koPath);
    throw new BlcrError(f.code, f.message, { hint: f.hint });
  }
  const ok = parseAcceptance(klog);
  if (ok === undefined) return { loaded: true, verified: false, message: `loaded ${koPath}, but the kernel log shows no verification line (dmesg restricted?)` };
  return { loaded: true, verified: true, message: `loaded and verified ${ok.checked} symbols against ${map.path} on ${ok.release}${off}` };
}

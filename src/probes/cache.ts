/**
 * The probe cache (CRIU kerndat style): <workDir>/cache.json, keyed by tool version, kernel
 * release, kernel config hash, the probe-relevant options, uid and boot id (a reboot or
 * another user re-probes). Written atomically (temp file + rename).
 */
import path from 'node:path';
import type { Host } from '../host/host.js';
import type { ProbeOptions, ProbeResult } from '../model/probe.js';
import { ROOT } from '../util/paths.js';
import { sha256 } from './lib/kernel-config.js';

export interface CacheFile {
  key: string;
  stamp: Record<string, string | number | boolean | null>;
  results: ProbeResult[];
}

export function cachePath(options: ProbeOptions): string {
  return path.join(options.workDir, 'cache.json');
}

export async function cacheKey(host: Host, options: ProbeOptions, release: string, configHash: string | null): Promise<CacheFile['stamp'] & { key: string }> {
  let tool = 'unknown';
  try {
    tool = (JSON.parse((await host.readText(path.join(ROOT, 'package.json'))) ?? '{}') as { version?: string }).version ?? 'unknown';
  } catch {
    /* a broken package.json only weakens the key */
  }
  const stamp = {
    tool,
    release,
    configHash,
    bootId: (await host.readText('/proc/sys/kernel/random/boot_id'))?.trim() ?? null,
    uid: host.uid(),
    withLinux: options.withLinux ?? null,
    withSystemMap: options.withSystemMap ?? null,
    cc: options.cc ?? host.env('CC') ?? null,
    enableKmod: options.enableKmod ?? null,
  };
  return { ...stamp, key: sha256(JSON.stringify(stamp)) };
}

export async function readCache(host: Host, options: ProbeOptions, key: string): Promise<ProbeResult[] | undefined> {
  const text = await host.readText(cachePath(options));
  if (text === undefined) return undefined;
  try {
    const c = JSON.parse(text) as Partial<CacheFile>;
    return c.key === key && Array.isArray(c.results) ? c.results : undefined;
  } catch {
    return undefined; // a torn or foreign file: re-probe
  }
}

export async function writeCache(host: Host, options: ProbeOptions, file: CacheFile): Promise<void> {
  const dest = cachePath(options);
  const text = `${JSON.stringify(file, null, 1)}\n`;
  if (!host.rename) {
    await host.writeFile(dest, text);
    return;
  }
  const tmp = `${dest}.tmp-${process.pid}`;
  await host.writeFile(tmp, text);
  await host.rename(tmp, dest);
}

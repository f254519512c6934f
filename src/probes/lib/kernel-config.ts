/** Parsing a kernel .config text ("CONFIG_X=y", "# CONFIG_Y is not set"). */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

export type ConfigOptions = Record<string, string | null>;

/** Every CONFIG_* line: set options map to their value (quotes kept off strings), unset ones to null. */
export function parseKernelConfig(text: string): ConfigOptions {
  const out: ConfigOptions = {};
  for (const line of text.split('\n')) {
    const set = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (set?.[1] !== undefined && set[2] !== undefined) {
      out[set[1]] = unquote(set[2]);
      continue;
    }
    const unset = /^# (CONFIG_[A-Za-z0-9_]+) is not set/.exec(line);
    if (unset?.[1] !== undefined) out[unset[1]] = null;
  }
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  return v;
}

/** True for "y" or "m". */
export function isOn(opts: ConfigOptions, name: string): boolean {
  const v = opts[name];
  return v === 'y' || v === 'm';
}

/** CONFIG_PHYSICAL_ALIGN as a number; x86's default 0x200000 when absent. */
export function physicalAlign(opts: ConfigOptions): number {
  const v = opts.CONFIG_PHYSICAL_ALIGN;
  const n = v ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : 0x200000;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Text of a config file; gunzips `.gz` content (/proc/config.gz). */
export function configText(path: string, bytes: Buffer): string {
  if (path.endsWith('.gz') || (bytes[0] === 0x1f && bytes[1] === 0x8b)) return gunzipSync(bytes).toString('utf8');
  return bytes.toString('utf8');
}

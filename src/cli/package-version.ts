/** blcr's version, from the package.json at the root (one source of truth). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../util/paths.js';

let cached: string | undefined;

export function packageVersion(root: string = ROOT): string {
  if (cached !== undefined && root === ROOT) return cached;
  const v = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown }).version;
  const version = typeof v === 'string' ? v : '0.0.0';
  if (root === ROOT) cached = version;
  return version;
}

/** `blcr version [--json]`: the tool version and the kernel this build was enabled for. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from '../parse-args.js';
import { packageVersion } from '../package-version.js';
import { BUILD_DIR } from '../../util/paths.js';
import { ENABLED_FILE, parseEnabled } from '../../build/enable-step.js';
import type { Command } from '../registry.js';

export interface VersionOptions {
  json: boolean;
}

export function parseVersionArgs(argv: readonly string[]): VersionOptions {
  return { json: parseArgs(argv, { options: { json: { type: 'flag' } } }).options.json === true };
}

export const command: Command = {
  async run(argv, io) {
    const opts = parseVersionArgs(argv);
    let enabled: Record<string, string> | null = null;
    try {
      enabled = parseEnabled(await fs.readFile(path.join(BUILD_DIR, ...ENABLED_FILE), 'utf8'));
    } catch {
      enabled = null;
    }
    const version = packageVersion();
    if (opts.json) {
      io.out(JSON.stringify({ name: 'blcr', version, node: process.versions.node, enabled }, null, 2) + '\n');
      return 0;
    }
    io.out(`blcr ${version}\n`);
    io.out(
      enabled
        ? `configured for kernel ${enabled.release ?? '?'} at ${enabled.configured_at ?? '?'}; engine ${enabled.engine ?? '?'}, kernel module ${enabled.kmod ?? '?'}\n`
        : 'not configured yet (run ./configure)\n',
    );
    return 0;
  },
};

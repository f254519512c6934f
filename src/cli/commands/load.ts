/** `blcr load [--system-map=PATH] [--module=KO] [--dry-run] [--json]`: insmod blcr.ko with verified System.map addresses (root). */
import path from 'node:path';
import { RealHost } from '../../host/real-host.js';
import { loadModule } from '../../kmod/load.js';
import { NATIVE_DIR } from '../../util/paths.js';
import { parseArgs } from '../parse-args.js';
import type { Command } from '../registry.js';

export interface LoadCommandOptions {
  systemMap?: string;
  module: string;
  dryRun: boolean;
  json: boolean;
}

export function parseLoadArgs(argv: readonly string[]): LoadCommandOptions {
  const { options } = parseArgs(argv, {
    options: { 'system-map': { type: 'file' }, module: { type: 'file' }, 'dry-run': { type: 'flag' }, json: { type: 'flag' } },
  });
  const sm = options['system-map'];
  const mod = options.module;
  return {
    ...(typeof sm === 'string' ? { systemMap: sm } : {}),
    module: typeof mod === 'string' ? mod : path.join(NATIVE_DIR, 'kmod', 'blcr.ko'),
    dryRun: options['dry-run'] === true,
    json: options.json === true,
  };
}

export const command: Command = {
  async run(argv, io) {
    const opts = parseLoadArgs(argv);
    const out = await loadModule({ host: new RealHost(), koPath: opts.module, dryRun: opts.dryRun, ...(opts.systemMap ? { systemMapPath: opts.systemMap } : {}) });
    io.out(opts.json ? `${JSON.stringify(out, null, 2)}\n` : `blcr load: ${out.message}\n`);
    return out.loaded || opts.dryRun ? 0 : 1;
  },
};

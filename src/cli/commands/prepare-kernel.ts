/** `blcr prepare-kernel --source DIR|TARBALL [--config FILE] [--json]`: a configured tree for --with-linux. */
import { RealHost } from '../../host/real-host.js';
import { prepareKernelTree } from '../../kmod/prepare-kernel.js';
import { usageError } from '../../model/errors.js';
import { parseArgs } from '../parse-args.js';
import type { Command } from '../registry.js';

export interface PrepareKernelCommandOptions {
  source: string;
  config?: string;
  json: boolean;
}

export function parsePrepareKernelArgs(argv: readonly string[]): PrepareKernelCommandOptions {
  const { options } = parseArgs(argv, { options: { source: { type: 'string' }, config: { type: 'file' }, json: { type: 'flag' } } });
  const source = options.source;
  if (typeof source !== 'string') throw usageError('prepare-kernel needs --source DIR|TARBALL', 'Debian: apt-get install linux-source-6.1, then --source /usr/src/linux-source-6.1.tar.xz');
  const config = options.config;
  return { source, ...(typeof config === 'string' ? { config } : {}), json: options.json === true };
}

export const command: Command = {
  async run(argv, io) {
    const opts = parsePrepareKernelArgs(argv);
    const t = await prepareKernelTree({ host: new RealHost(), source: opts.source, ...(opts.config ? { config: opts.config } : {}) });
    if (opts.json) io.out(`${JSON.stringify(t, null, 2)}\n`);
    else {
      io.out(`prepared ${t.dir} (${t.release}, config from ${t.configSource}) in ${t.seconds.toFixed(0)} s\n`);
      io.out(t.matchesRunning ? `next: ./configure --with-linux=${t.dir}\n` : `note: the tree says ${t.release}, not the running kernel's release; modules built against it will not load here unless the versions match\n`);
    }
    return 0;
  },
};

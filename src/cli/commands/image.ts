/** `blcr image show [--json] FILE`: the image decoder is the engine's own (build/bin/blcr-image show). */
import path from 'node:path';
import { checkPathArgument, parseArgs } from '../parse-args.js';
import { BlcrError, usageError } from '../../model/errors.js';
import { RealHost } from '../../host/real-host.js';
import { BIN_DIR } from '../../util/paths.js';
import type { Command } from '../registry.js';

export interface ImageShowOptions {
  file: string;
  json: boolean;
}

export function parseImageArgs(argv: readonly string[], cwd: string): ImageShowOptions {
  const [sub, ...rest] = argv;
  if (sub !== 'show') throw usageError(sub === undefined ? 'blcr image needs a subcommand' : `unknown image subcommand "${sub}"`, 'usage: blcr image show [--json] FILE');
  const p = parseArgs(rest, { options: { json: { type: 'flag' } }, maxPositionals: 1, cwd });
  const file = p.positionals[0];
  if (file === undefined) throw usageError('blcr image show needs a context file', 'usage: blcr image show [--json] FILE');
  return { file: checkPathArgument('context file', file, 'file', cwd), json: p.options.json === true };
}

export const command: Command = {
  async run(argv, io) {
    const opts = parseImageArgs(argv, io.cwd);
    const host = new RealHost();
    const tool = path.join(BIN_DIR, 'blcr-image');
    if (!(await host.exists(tool))) {
      throw new BlcrError('BLCR_E_NOT_CONFIGURED', `cannot decode ${opts.file}: ${tool} is not built`, { hint: 'run ./configure (it builds the engine and blcr-image into build/bin)' });
    }
    const r = await host.exec(tool, ['show', ...(opts.json ? ['--json'] : []), opts.file]);
    if (r.stdout) io.out(r.stdout.endsWith('\n') ? r.stdout : `${r.stdout}\n`);
    if (r.exitCode !== 0) {
      const why = r.stderr.trim().split('\n').pop() ?? `exit ${r.exitCode}`;
      throw new BlcrError('BLCR_E_BAD_IMAGE', `${opts.file}: ${why}`, { hint: 'is it a blcr context file (written by cr_checkpoint)?', exitCode: r.exitCode === 2 ? 2 : 1 });
    }
    return 0;
  },
};

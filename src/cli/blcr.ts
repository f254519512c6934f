/** blcr: the command-line front door. `blcr <command> [options]`; see `blcr help`. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reportError } from './render-error.js';
import { findCommand, COMMANDS, type CliIo } from './registry.js';
import { usageError } from '../model/errors.js';

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h') return await (await import('./commands/help.js')).command.run([], io);
    if (name === '--version' || name === '-V') return await (await import('./commands/version.js')).command.run([], io);
    const entry = findCommand(name);
    if (!entry) throw usageError(`unknown command "${name}"`, `commands: ${COMMANDS.map((c) => c.name).join(', ')} (blcr help)`);
    return await (await entry.load()).command.run(rest, io);
  } catch (err) {
    return reportError(err, 'blcr', io.err);
  }
}

function isMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) {
  // `blcr doctor --json | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  runCli(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    isTty: process.stdout.isTTY === true,
  }).then((code) => {
    process.exitCode = code;
  });
}

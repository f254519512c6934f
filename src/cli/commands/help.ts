/** `blcr help [COMMAND]`. */
import { usageError } from '../../model/errors.js';
import { COMMANDS, findCommand, type Command } from '../registry.js';

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: blcr <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Checkpoint and restart are the cr_checkpoint, cr_restart and cr_run commands that ./configure enables.',
    'Exit status: 0 ok, 1 a check or operation failed, 2 usage error.',
    '',
  ].join('\n');
}

export const command: Command = {
  async run(argv, io) {
    if (argv.length > 1) throw usageError(`blcr help takes at most one command name`);
    const name = argv[0];
    if (name === undefined) {
      io.out(helpText());
      return 0;
    }
    const entry = findCommand(name);
    if (!entry) throw usageError(`unknown command "${name}"`, `commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    io.out(`usage: ${entry.usage}\n\n${entry.summary}\n`);
    return 0;
  },
};

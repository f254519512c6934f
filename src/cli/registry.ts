/**
 * Every blcr command, imported only when run. Each module exports `command`, whose run()
 * parses argv into its own narrow options object. Errors are thrown as BlcrError and
 * rendered by src/cli/render-error.ts only.
 *
 * One entry per command; the module lives in src/cli/commands/<name>.ts.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  isTty: boolean;
}

export interface Command {
  run(argv: string[], io: CliIo): Promise<number>;
}

export interface CommandEntry {
  name: string;
  usage: string;
  summary: string;
  load(): Promise<{ command: Command }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'doctor',
    usage: 'blcr doctor [--json] [--fresh] [--with-linux=DIR] [--with-system-map=PATH] [--report FILE.tar.gz] [--context FILE]',
    summary: 'check whether this node can checkpoint and restart, and why not',
    load: () => import('./commands/doctor.js'),
  },
  {
    name: 'image',
    usage: 'blcr image show [--json] FILE',
    summary: 'decode a context file (delegates to build/bin/blcr-image)',
    load: () => import('./commands/image.js'),
  },
  {
    name: 'load',
    usage: 'blcr load [--system-map=PATH] [--module=KO] [--dry-run] [--json]',
    summary: 'load the kernel module helper with verified System.map addresses (root)',
    load: () => import('./commands/load.js'),
  },
  {
    name: 'prepare-kernel',
    usage: 'blcr prepare-kernel --source DIR|TARBALL [--config FILE] [--json]',
    summary: 'make a configured kernel tree for --with-linux from a kernel source',
    load: () => import('./commands/prepare-kernel.js'),
  },
  {
    name: 'version',
    usage: 'blcr version [--json]',
    summary: 'print the version, and the kernel this build was configured for',
    load: () => import('./commands/version.js'),
  },
  {
    name: 'help',
    usage: 'blcr help [COMMAND]',
    summary: 'show the commands, or one command\'s usage',
    load: () => import('./commands/help.js'),
  },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

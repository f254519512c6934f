/** configure's command line, autoconf style: --prefix=, --with-linux=, CC=..., --enable-kmod ... */
import { parseArgs, type ParseSpec } from '../cli/parse-args.js';

export interface ConfigureOptions {
  prefix: string;
  withLinux?: string;
  withSystemMap?: string;
  /** The compiler: CC=... argument wins over the CC environment variable. */
  cc?: string;
  ccFrom: 'argument' | 'environment' | 'default';
  /** undefined: decided by the verdict (auto). */
  enableKmod?: boolean;
  fresh: boolean;
  quiet: boolean;
  json: boolean;
  help: boolean;
  version: boolean;
  /** The arguments exactly as given (config.status replays them). */
  argv: string[];
}

export const DEFAULT_PREFIX = '/usr/local';

export const CONFIGURE_SPEC: ParseSpec = {
  options: {
    help: { type: 'flag' },
    version: { type: 'flag' },
    prefix: { type: 'string', absolute: true },
    'with-linux': { type: 'dir' },
    'with-system-map': { type: 'file' },
    'enable-kmod': { type: 'flag', negatable: true },
    fresh: { type: 'flag' },
    quiet: { type: 'flag' },
    json: { type: 'flag' },
  },
  variables: ['CC'],
};

export function parseConfigureArgs(argv: readonly string[], env: (name: string) => string | undefined, cwd?: string): ConfigureOptions {
  // autoconf's short forms
  const normalized = argv.map((a) => (a === '-h' ? '--help' : a === '-V' ? '--version' : a === '-q' || a === '--silent' ? '--quiet' : a));
  const p = parseArgs(normalized, cwd === undefined ? CONFIGURE_SPEC : { ...CONFIGURE_SPEC, cwd });
  const o = p.options;
  const envCc = env('CC');
  const cc = p.variables.CC ?? (envCc ? envCc : undefined);
  const opts: ConfigureOptions = {
    prefix: typeof o.prefix === 'string' ? o.prefix.replace(/(.)\/+$/, '$1') : DEFAULT_PREFIX,
    ccFrom: p.variables.CC !== undefined ? 'argument' : envCc ? 'environment' : 'default',
    fresh: o.fresh === true,
    quiet: o.quiet === true,
    json: o.json === true,
    help: o.help === true,
    version: o.version === true,
    argv: [...argv],
  };
  if (typeof o['with-linux'] === 'string') opts.withLinux = o['with-linux'];
  if (typeof o['with-system-map'] === 'string') opts.withSystemMap = o['with-system-map'];
  if (cc !== undefined) opts.cc = cc;
  if (typeof o['enable-kmod'] === 'boolean') opts.enableKmod = o['enable-kmod'];
  return opts;
}

export function configureHelp(version: string): string {
  return `\`configure' configures blcr ${version} for this node: it probes the kernel, decides which
checkpoint paths can work here, builds them and enables the commands.

Usage: ./configure [OPTION]... [VAR=VALUE]...

Configuration:
  -h, --help              display this help and exit
  -V, --version           display version information and exit
  -q, --quiet, --silent   print only the summary and errors
      --json              print build/config.json's content instead of text
      --fresh             ignore cached probe results and probe again

Installation directories:
  --prefix=PREFIX         install under PREFIX [${DEFAULT_PREFIX}]

Optional features:
  --enable-kmod           build the kernel module helper (fail if the kernel cannot take it)
  --disable-kmod          never build the kernel module helper
                          [default: build it when the kernel takes modules and headers match]

Optional packages:
  --with-linux=DIR        configured kernel tree (headers) to build the module against
                          [/lib/modules/$(uname -r)/build]
  --with-system-map=PATH  the System.map of the running kernel
                          [/boot/System.map-$(uname -r), then standard places]

Some influential environment variables:
  CC          C compiler; for the kernel module it must be the one that built the kernel

Outputs: config.log, config.status, build/config.json, native/config.h, build/bin/.
`;
}

/** Entry point of ./configure (the sh bootstrap execs this). */
import { BUILD_DIR, NATIVE_DIR, ROOT } from '../util/paths.js';
import { reportError } from '../cli/render-error.js';
import { packageVersion } from '../cli/package-version.js';
import { configureHelp, parseConfigureArgs } from './options.js';

async function main(argv: string[]): Promise<number> {
  const opts = parseConfigureArgs(argv, (n) => process.env[n]);
  const version = packageVersion();
  if (opts.help) {
    process.stdout.write(configureHelp(version));
    return 0;
  }
  if (opts.version) {
    process.stdout.write(`blcr configure ${version}\n`);
    return 0;
  }
  // Loaded only now: --help and --version stay instant.
  const [{ RealHost }, { runConfigure }, { defaultDeps }] = await Promise.all([
    import('../host/real-host.js'),
    import('./run-configure.js'),
    import('./default-deps.js'),
  ]);
  const host = new RealHost();
  return runConfigure(opts, {
    host,
    deps: defaultDeps(),
    version,
    logLines: () => host.logged(),
    out: (s) => process.stdout.write(s),
    tty: process.stdout.isTTY === true,
    nodePath: process.execPath,
    skipNativeWhenAbsent: process.env.BLCR_SKIP_NATIVE_BUILD === '1',
    root: ROOT,
    buildDir: BUILD_DIR,
    nativeDir: NATIVE_DIR,
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportError(err, 'configure');
  },
);

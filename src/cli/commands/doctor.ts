/** `blcr doctor [--json] [--fresh] [--with-linux=DIR] [--with-system-map=PATH] [--report FILE.tar.gz] [--context FILE]` */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from '../parse-args.js';
import { BlcrError } from '../../model/errors.js';
import { RealHost } from '../../host/real-host.js';
import { BUILD_DIR, ROOT } from '../../util/paths.js';
import { packageVersion } from '../package-version.js';
import { runDoctor, type DoctorOptions } from '../../doctor/run-doctor.js';
import type { Command } from '../registry.js';

export function parseDoctorArgs(argv: readonly string[], cwd: string): DoctorOptions {
  const p = parseArgs(argv, {
    options: {
      json: { type: 'flag' },
      fresh: { type: 'flag' },
      'with-linux': { type: 'dir' },
      'with-system-map': { type: 'file' },
      report: { type: 'string' },
      context: { type: 'file' },
    },
    cwd,
  });
  const o = p.options;
  const opts: DoctorOptions = { json: o.json === true, fresh: o.fresh === true };
  if (typeof o['with-linux'] === 'string') opts.withLinux = o['with-linux'];
  if (typeof o['with-system-map'] === 'string') opts.withSystemMap = o['with-system-map'];
  if (typeof o.context === 'string') opts.context = o.context;
  if (typeof o.report === 'string') {
    const file = path.resolve(cwd, o.report);
    const dir = path.dirname(file);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new BlcrError('BLCR_E_BAD_PATH', `--report=${o.report}: directory ${dir} does not exist`, { hint: 'name a file in an existing directory, e.g. --report=blcr-report.tar.gz' });
    }
    if (!/\.(tar\.gz|tgz)$/.test(file)) {
      throw new BlcrError('BLCR_E_BAD_PATH', `--report=${o.report}: the report is a gzip tarball`, { hint: `name it ${path.basename(file).replace(/\.[^.]*$/, '')}.tar.gz` });
    }
    opts.report = file;
  }
  return opts;
}

export const command: Command = {
  async run(argv, io) {
    const opts = parseDoctorArgs(argv, io.cwd);
    const { defaultDeps } = await import('../../configure/default-deps.js');
    const host = new RealHost();
    return runDoctor(opts, {
      host,
      deps: defaultDeps(),
      version: packageVersion(),
      root: ROOT,
      buildDir: BUILD_DIR,
      out: io.out,
      logLines: () => host.logged(),
    });
  },
};

/**
 * npm run matrix [-- --kernels 6.1,7.3] [--jobs N] [--cache DIR] [--append ARGS] [--no-host]
 *                   [--save-fixtures] [--json] [--record]
 * Prints the table (markdown) and writes build/matrix.json; exits 1 when a cell failed,
 * after printing that guest's log excerpt.
 */
import { parseArgs } from 'node:util';
import { RealHost } from '../host/real-host.js';
import { BlcrError } from '../model/errors.js';
import { selectKernels } from './kernels.js';
import path from 'node:path';
import { KERNEL_DB_DIR } from '../util/paths.js';
import { recordProven } from './record-proven.js';
import { runMatrix } from './runner.js';

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      kernels: { type: 'string' },
      jobs: { type: 'string', default: '2' },
      cache: { type: 'string' },
      append: { type: 'string' },
      'no-host': { type: 'boolean', default: false },
      'save-fixtures': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      record: { type: 'boolean', default: false },
    },
  });
  const kernels = selectKernels(values.kernels);
  if (kernels.length === 0) throw new BlcrError('BLCR_E_USAGE', `no matrix kernel matches --kernels ${values.kernels ?? ''}`, { hint: 'use series (5.10,6.1,6.12,7.3) or exact releases' });
  const host = new RealHost();
  const report = await runMatrix(host, {
    kernels,
    jobs: Number(values.jobs),
    saveFixtures: values['save-fixtures'] ?? false,
    withHost: !(values['no-host'] ?? false),
    progress: (l) => process.stderr.write(`matrix: ${l}\n`),
    ...(values.cache ? { cacheDir: values.cache } : {}),
    ...(values.append ? { append: values.append } : {}),
  });
  if (values.record) recordProven(path.join(KERNEL_DB_DIR, 'proven.json'), report.rows, report.generatedAt);
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${report.markdown}\n\ntotal ${report.totalSeconds.toFixed(1)} s; build/matrix.json written\n`);
  for (const row of report.rows) {
    if (row.excerpt === undefined) continue;
    process.stderr.write(`\n--- ${row.kernel}: guest log excerpt\n${row.excerpt}\n`);
  }
  return report.failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof BlcrError) process.stderr.write(`matrix: ${err.code}: ${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}\n`);
    else process.stderr.write(`matrix: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);

/**
 * `npm run matrix`: fetch every kernel (cached), build blcr.ko with each kernel's compiler,
 * boot each under QEMU two at a time, read the guests' markers into the table, add the host
 * column, write build/matrix.json. A failing cell fails the run with the guest's log excerpt.
 */
import path from 'node:path';
import type { Host } from '../host/host.js';
import { BUILD_DIR } from '../util/paths.js';
import { ensureAptConfig } from './apt-config.js';
import { matrixCache } from './cache.js';
import { fetchKernel, type FetchedKernel } from './fetch-kernel.js';
import { buildGuestPrograms } from './guest-programs.js';
import { hostRow } from './host-column.js';
import type { MatrixKernel } from './kernels.js';
import { logExcerpt, parseGuestLog } from './parse-log.js';
import { boot } from './qemu.js';
import { prepareKernel, type PreparedKernel } from './run-kernel.js';
import { guestCells, renderMarkdown, rowFailed, type KernelRow } from './table.js';

export interface MatrixOptions {
  kernels: MatrixKernel[];
  cacheDir?: string;
  jobs: number;
  saveFixtures: boolean;
  append?: string;
  withHost: boolean;
  out?: string;
  progress: (line: string) => void;
}

export interface MatrixReport {
  generatedAt: string;
  totalSeconds: number;
  rows: KernelRow[];
  markdown: string;
  failed: boolean;
}

/** Runs fn over items, at most `jobs` at a time, keeping the input order in the result. */
export async function pool<T, R>(items: readonly T[], jobs: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return out;
}

/** The other kernel whose map the refusal test feeds in: the next one in the list. */
export function wrongMapSource<T>(list: readonly T[], i: number): T | undefined {
  return list.length < 2 ? undefined : list[(i + 1) % list.length];
}

async function bootRow(host: Host, p: PreparedKernel, opts: MatrixOptions): Promise<KernelRow> {
  const row: KernelRow = { kernel: p.kernel.release, series: p.kernel.series, cells: guestCells(p.build, undefined), features: {}, timings: { ...p.timings } };
  if (!p.build.ok || p.initrd === undefined) {
    row.excerpt = p.build.log.split('\n').slice(-20).join('\n');
    return row;
  }
  opts.progress(`${p.kernel.release}: booting`);
  const spec = { vmlinuz: p.fetched.vmlinuz, initrd: p.initrd, timeoutMs: 240_000, ...(opts.append ? { append: opts.append } : {}) };
  const b = await boot(host, spec);
  await host.writeFile(path.join(path.dirname(p.initrd), 'boot.log'), b.log);
  const g = parseGuestLog(b.log);
  row.cells = guestCells(p.build, g);
  if (!g.ended) row.cells.loads = { state: 'fail', note: b.timedOut ? 'guest timed out' : g.panic ?? `guest ended without BLCR-END (qemu exit ${b.exitCode})` };
  if (p.wrongMapOf) row.cells.wrongMapRefused.note += ` (map of ${p.wrongMapOf})`;
  row.features = g.features;
  row.timings.boot = b.seconds;
  if (g.uptime.end !== undefined) row.timings.guestUptime = g.uptime.end;
  if (rowFailed(row) || !g.ended) row.excerpt = logExcerpt(b.log);
  opts.progress(`${p.kernel.release}: booted in ${b.seconds.toFixed(1)} s (${b.accel})`);
  return row;
}

export async function runMatrix(host: Host, opts: MatrixOptions): Promise<MatrixReport> {
  const t0 = host.now();
  const cache = matrixCache(host, opts.cacheDir);
  const aptConf = await ensureAptConfig(host, cache.apt);
  const guest = await buildGuestPrograms(host, cache.guest);
  const fetched: FetchedKernel[] = [];
  for (const k of opts.kernels) {
    fetched.push(await fetchKernel(host, cache, k.release, aptConf, opts.saveFixtures));
    opts.progress(`${k.release}: fetched (${fetched.at(-1)?.seconds.toFixed(1)} s, map from ${fetched.at(-1)?.mapSource})`);
  }
  const prepared: PreparedKernel[] = [];
  for (const [i, k] of opts.kernels.entries()) {
    const f = fetched[i] as FetchedKernel;
    const other = wrongMapSource(fetched, i);
    const wrongMap = other ? { release: other.release, path: other.systemMap } : undefined;
    const p = await prepareKernel(host, cache, k, f, { guest, ...(wrongMap ? { wrongMap } : {}) });
    opts.progress(`${k.release}: module ${p.build.ok ? 'built' : 'FAILED'} with ${p.build.compiler} in ${p.build.seconds.toFixed(1)} s`);
    prepared.push(p);
  }
  const rows = await pool(prepared, opts.jobs, (p) => bootRow(host, p, opts));
  if (opts.withHost) {
    const cfg = await host.exec('sh', ['-c', 'zcat /proc/config.gz 2>/dev/null | grep -q "^CONFIG_MODULES=y"']);
    rows.push(await hostRow(host, guest, cfg.exitCode === 0));
  }
  const markdown = renderMarkdown(rows);
  const report: MatrixReport = { generatedAt: new Date(host.now()).toISOString(), totalSeconds: (host.now() - t0) / 1000, rows, markdown, failed: rows.some(rowFailed) };
  await host.writeFile(opts.out ?? path.join(BUILD_DIR, 'matrix.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

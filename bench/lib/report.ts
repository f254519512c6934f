/** The combined benchmark table (markdown for the README) and its JSON twin. */
import type { PhysLimits, LimitName } from './phys-limits.js';
import { payloadMib, type Scenario, type Summary } from './scenarios.js';
import { fmtSpread, type Spread } from './stats.js';

export const TARGETS = { checkpointRatio: 0.6, restartRatio: 2, imageOverheadPct: 0.5 } as const;

export type ScenarioOutcome =
  | { readonly scenario: Scenario; readonly status: 'ok'; readonly summary: Summary }
  | { readonly scenario: Scenario; readonly status: 'refused' | 'failed' | 'skipped'; readonly reason: string };

export interface ConfigureTiming {
  readonly ms: Spread | null;
  readonly reason?: string;
}

export interface BenchReport {
  readonly date: string;
  readonly kernel: string;
  readonly cpus: number;
  readonly memMib: number;
  readonly limits: { readonly tmpfs: PhysLimits; readonly disk: PhysLimits | null };
  readonly outcomes: readonly ScenarioOutcome[];
  readonly configure: ConfigureTiming | null;
  readonly seconds: number;
}

const LIMIT_ROWS: ReadonlyArray<[LimitName, string, 'tmpfs' | 'disk']> = [
  ['memcpy', 'memcpy between two pre-faulted buffers', 'tmpfs'],
  ['write', 'write() to a new tmpfs file, 1 MiB blocks', 'tmpfs'],
  ['write_fsync', 'the same + fsync (tmpfs)', 'tmpfs'],
  ['read_fresh', 'pread() of a tmpfs file into a fresh mmap', 'tmpfs'],
  ['touch_4k', 'first-touch memset, fresh mmap, 4 KiB pages', 'tmpfs'],
  ['touch_huge', 'first-touch memset, fresh mmap, MADV_HUGEPAGE', 'tmpfs'],
  ['populate', 'mmap(MAP_POPULATE) of fresh memory', 'tmpfs'],
  ['touch_4k_cold', 'first-touch, 4 KiB pages, after 2.5 s idle (memory back with the host)', 'tmpfs'],
  ['touch_huge_cold', 'first-touch, MADV_HUGEPAGE, after 2.5 s idle', 'tmpfs'],
  ['write', 'write() to a new file on disk (build/, page cache)', 'disk'],
  ['write_fsync', 'the same + fsync (disk)', 'disk'],
];

/** The bandwidth a checkpoint to this storage is held against. */
export function writeLimit(r: BenchReport, s: Scenario): number {
  const lim = s.storage === 'disk' ? r.limits.disk : r.limits.tmpfs;
  if (lim === null) return NaN;
  return (s.sync ? lim.tests.write_fsync : lim.tests.write).median;
}

export function touchLimit(r: BenchReport): number {
  return r.limits.tmpfs.tests.touch_4k.median;
}

function verdict(ok: boolean): string {
  return ok ? '✓' : '✗';
}

function ratio(value: number, limit: number, target: number): string {
  const x = value / limit;
  return Number.isFinite(x) ? `${x.toFixed(2)} ${verdict(x >= target)}` : 'n/a';
}

function scenarioRow(r: BenchReport, o: ScenarioOutcome): string {
  const s = o.scenario;
  const head = `| ${s.engine} | ${s.label} | ${payloadMib(s)} |`;
  if (o.status !== 'ok') return `${head} n/a (${o.reason.replace(/\|/g, '\\|')}) | | | | | | | |`;
  const m = o.summary;
  const ovh = m.imageOverheadPct;
  return [
    head,
    ` ${fmtSpread(m.checkpointMs)} | ${m.checkpointMibs.median.toFixed(0)} |`,
    ` ${ratio(m.checkpointMibs.median, writeLimit(r, s), TARGETS.checkpointRatio)} |`,
    ` ${m.frozenMs.n ? m.frozenMs.median.toFixed(0) : 'n/a'} |`,
    ` ${fmtSpread(m.restartMs)} | ${m.restartMibs.median.toFixed(0)} |`,
    ` ${ratio(m.restartMibs.median, touchLimit(r), TARGETS.restartRatio)} |`,
    ` ${(m.imageBytes / 2 ** 20).toFixed(2)} MiB, ${ovh >= 0 ? '+' : ''}${ovh.toFixed(3)}% ${verdict(ovh <= TARGETS.imageOverheadPct)} |`,
  ].join('');
}

export function renderMarkdown(r: BenchReport): string {
  const t = r.limits.tmpfs;
  const out: string[] = [];
  out.push(`### Benchmark (\`npm run bench\`, ${r.date}, kernel ${r.kernel}, ${r.cpus} CPUs, ${(r.memMib / 1024).toFixed(0)} GiB)`, '');
  out.push(`Physical limits, measured in the same run (${t.sizeMib} MiB per test, one thread, n = ${t.reps}` +
    `${t.thpUsed ? '' : '; THP did not back the MADV_HUGEPAGE region'}):`, '');
  out.push('| Test | MiB/s (min / **median** / max) |', '|---|---|');
  for (const [name, label, where] of LIMIT_ROWS) {
    const lim = where === 'disk' ? r.limits.disk : t;
    if (lim !== null && lim.tests[name].n > 0) out.push(`| ${label} | ${fmtSpread(lim.tests[name])} |`);
  }
  out.push('', 'Checkpoint (`cr_checkpoint --kill`, wall time of the command) and restart (`cr_restart` until the restored ' +
    'process answers a ping; every restore verified word by word). Ratios use the medians: checkpoint MiB/s ÷ write ' +
    `bandwidth of the same storage (target ≥ ${TARGETS.checkpointRatio}), restart MiB/s ÷ 4 KiB first-touch rate ` +
    `(target ≥ ${TARGETS.restartRatio}), image vs anonymous memory touched (target ≤ +${TARGETS.imageOverheadPct}%).`, '');
  out.push('| Engine | Scenario | MiB | checkpoint ms (min / **med** / max) | ckpt MiB/s | ckpt ÷ write | frozen ms (med) ' +
    '| restart ms (min / **med** / max) | restart MiB/s | restart ÷ touch | image vs touched |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const o of r.outcomes) out.push(scenarioRow(r, o));
  if (r.configure !== null) {
    out.push('');
    out.push(r.configure.ms !== null
      ? `Warm \`./configure --quiet\`: ${fmtSpread(r.configure.ms)} ms (target < 1000 ms ${verdict(r.configure.ms.median < 1000)}).`
      : `Warm \`./configure --quiet\`: n/a (${r.configure.reason ?? 'not run'}).`);
  }
  out.push('', `Whole run: ${r.seconds.toFixed(0)} s.`);
  return out.join('\n') + '\n';
}

/**
 * `npm run bench`: every benchmark in bench/, one combined table.
 *   node build/js/bench/run.js [--reps N] [--sizes 64,256,1024] [--limits-mib M] [--quick] [--no-configure]
 * Measures this machine's physical limits, then checkpoints and restarts memtouch targets
 * (issue 3: 64/256/1024 MiB on tmpfs and disk; issue 4: a 4-process tree and a 4-thread
 * process), then $CRIU if set, and warm ./configure time. Writes build/bench.md and
 * build/bench.json. Refusals (exit 52) and failures become "n/a (...)" rows, never a crash.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CycleError, runCycle, type Cycle } from './lib/engine-cycle.js';
import { runCriuCycle } from './lib/criu-cycle.js';
import { BIN_DIR, BUILD_DIR, DISK_DIR, TMPFS_DIR } from './lib/paths.js';
import { measurePhysLimits } from './lib/phys-limits.js';
import { renderMarkdown, type BenchReport, type ConfigureTiming, type ScenarioOutcome } from './lib/report.js';
import { criuScenarios, engineScenarios, fitsInMemory, memAvailableMib, summarise, type Scenario } from './lib/scenarios.js';
import { spread } from './lib/stats.js';

interface Options {
  reps: number;
  sizes: number[];
  limitsMib: number;
  configure: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { reps: 3, sizes: [64, 256, 1024], limitsMib: 512, configure: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--reps') o.reps = Math.max(1, Number(val()));
    else if (a === '--sizes') o.sizes = val().split(',').map(Number).filter((n) => n > 0);
    else if (a === '--limits-mib') o.limitsMib = Number(val());
    else if (a === '--quick') Object.assign(o, { reps: 1, sizes: [64, 256], limitsMib: 256 });
    else if (a === '--no-configure') o.configure = false;
    else throw new Error(`unknown option ${a} (use --reps N, --sizes A,B, --limits-mib M, --quick, --no-configure)`);
  }
  return o;
}

function log(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

async function runScenario(s: Scenario, reps: number, availMib: number): Promise<ScenarioOutcome> {
  if (!fitsInMemory(s, availMib)) {
    return { scenario: s, status: 'skipped', reason: `needs ~${Math.ceil(s.shape.mib * s.shape.procs * 2.5 + 512)} MiB free, ${availMib.toFixed(0)} available` };
  }
  const cycles: Cycle[] = [];
  const dir = s.storage === 'disk' ? DISK_DIR : TMPFS_DIR;
  for (let i = 0; i < reps; i++) {
    try {
      const criu = process.env['CRIU'];
      cycles.push(s.engine === 'criu' && criu !== undefined
        ? await runCriuCycle(criu, s.shape.mib, dir)
        : await runCycle({ shape: s.shape, scope: s.scope, imageDir: dir, sync: s.sync }));
    } catch (e) {
      const kind = e instanceof CycleError ? e.kind : 'failed';
      return { scenario: s, status: kind, reason: (e as Error).message };
    }
  }
  return { scenario: s, status: 'ok', summary: summarise(s, cycles) };
}

async function timeConfigureIfPresent(runs: number): Promise<ConfigureTiming> {
  const modPath = './configure-time.js';
  let mod: { timeConfigure?: unknown };
  try {
    mod = (await import(modPath)) as { timeConfigure?: unknown };
  } catch {
    return { ms: null, reason: 'bench/configure-time.ts not present' };
  }
  if (typeof mod.timeConfigure !== 'function') return { ms: null, reason: 'configure-time exports no timeConfigure' };
  try {
    return { ms: spread((mod.timeConfigure as (n: number) => number[])(runs)) };
  } catch (e) {
    return { ms: null, reason: `./configure --quiet failed: ${(e as Error).message.split('\n')[0] ?? ''}` };
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const configure = opts.configure ? (log('warm ./configure timing'), await timeConfigureIfPresent(opts.reps)) : null;
  if (!existsSync(path.join(BIN_DIR, 'cr_checkpoint')) || !existsSync(path.join(BIN_DIR, 'cr_restart'))) {
    throw new Error(`${BIN_DIR}/cr_checkpoint or cr_restart is missing: run ./configure first`);
  }
  mkdirSync(DISK_DIR, { recursive: true });
  const limitReps = Math.max(3, opts.reps);
  log(`physical limits (${opts.limitsMib} MiB, n=${limitReps}) on ${TMPFS_DIR} and ${DISK_DIR}`);
  const tmpfs = measurePhysLimits(opts.limitsMib, limitReps, TMPFS_DIR);
  const disk = measurePhysLimits(opts.limitsMib, limitReps, DISK_DIR, true);
  const criu = process.env['CRIU'];
  const scenarios = [...engineScenarios(opts.sizes), ...(criu !== undefined && criu !== '' ? criuScenarios(opts.sizes) : [])];
  const outcomes: ScenarioOutcome[] = [];
  for (const s of scenarios) {
    log(`${s.engine}: ${s.label}, ${s.shape.mib * s.shape.procs} MiB × ${opts.reps}`);
    const o = await runScenario(s, opts.reps, memAvailableMib());
    if (o.status !== 'ok') log(`  ${o.status}: ${o.reason}`);
    outcomes.push(o);
  }
  const report: BenchReport = {
    date: new Date().toISOString().slice(0, 10),
    kernel: os.release(),
    cpus: os.cpus().length,
    memMib: os.totalmem() / 2 ** 20,
    limits: { tmpfs, disk },
    outcomes,
    configure,
    seconds: (Date.now() - started) / 1000,
  };
  const md = renderMarkdown(report);
  process.stdout.write(md);
  writeFileSync(path.join(BUILD_DIR, 'bench.md'), md);
  writeFileSync(path.join(BUILD_DIR, 'bench.json'), JSON.stringify(report, null, 2) + '\n');
  log(`wrote ${path.join(BUILD_DIR, 'bench.md')} and bench.json`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exitCode = 1;
});

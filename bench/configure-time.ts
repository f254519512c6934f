/**
 * Warm ./configure wall time (issue 2's target: < 1 s once dependencies are installed and
 * probe results are cached). Runs ./configure --quiet once to warm up, then N timed runs.
 *   node build/js/bench/configure-time.js [N]
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TARGET_MS = 1000;

export function timeConfigure(runs: number): number[] {
  const configure = path.join(ROOT, 'configure');
  execFileSync(configure, ['--quiet'], { cwd: ROOT, stdio: 'ignore' });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(configure, ['--quiet'], { cwd: ROOT, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

function main(): void {
  const runs = Number(process.argv[2] ?? 5);
  const times = timeConfigure(runs).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? NaN;
  const min = times[0] ?? NaN;
  const max = times[times.length - 1] ?? NaN;
  process.stdout.write(`configure (warm, --quiet): median ${median.toFixed(0)} ms, min ${min.toFixed(0)} ms, max ${max.toFixed(0)} ms over ${runs} runs; target < ${TARGET_MS} ms: ${median < TARGET_MS ? 'met' : 'MISSED'}\n`);
  if (median >= TARGET_MS) process.exitCode = 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

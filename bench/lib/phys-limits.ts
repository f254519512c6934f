/**
 * This machine's physical limits, measured by bench/programs/physlimits.c in the same run as
 * the engine benchmark (criu-figures.md §4): memcpy, tmpfs/disk write bandwidth with and
 * without fsync, pread into fresh memory, first-touch rates for 4 KiB and 2 MiB pages.
 */
import { execFileSync } from 'node:child_process';
import { buildHelper } from './compile.js';
import { spread, type Spread } from './stats.js';

export type LimitName =
  | 'memcpy' | 'write' | 'write_fsync' | 'read_fresh' | 'touch_4k' | 'touch_huge' | 'populate' | 'touch_4k_cold' | 'touch_huge_cold';

export interface PhysLimits {
  readonly sizeMib: number;
  readonly reps: number;
  readonly dir: string;
  readonly thpUsed: boolean;
  /** MiB/s per test, min / median / max. */
  readonly tests: Readonly<Record<LimitName, Spread>>;
}

const NAMES: readonly LimitName[] = [
  'memcpy', 'write', 'write_fsync', 'read_fresh', 'touch_4k', 'touch_huge', 'populate', 'touch_4k_cold', 'touch_huge_cold',
];

interface RawLimits {
  size_mib: number;
  reps: number;
  dir: string;
  thp_used: boolean;
  tests: Record<string, number[]>;
}

export function parsePhysLimits(json: string): PhysLimits {
  const raw = JSON.parse(json) as RawLimits;
  const tests = {} as Record<LimitName, Spread>;
  for (const name of NAMES) {
    const values = raw.tests[name];
    if (!Array.isArray(values)) throw new Error(`physlimits output lacks test "${name}"`);
    tests[name] = spread(values);
  }
  return { sizeMib: raw.size_mib, reps: raw.reps, dir: raw.dir, thpUsed: raw.thp_used, tests };
}

/**
 * Runs the helper: `sizeMib` moved per test, `reps` repetitions, files written under `dir`;
 * `filesOnly` skips the memory tests (their spreads come back empty).
 */
export function measurePhysLimits(sizeMib: number, reps: number, dir: string, filesOnly = false): PhysLimits {
  const bin = buildHelper('physlimits');
  const args = ['-s', String(sizeMib), '-n', String(reps), '-d', dir, ...(filesOnly ? ['-W'] : [])];
  const out = execFileSync(bin, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 180_000,
  });
  return parsePhysLimits(out);
}

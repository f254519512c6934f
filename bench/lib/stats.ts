/** min / median / max of a sample, the way every figure in the benchmark is reported. */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly n: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { min: NaN, median: NaN, max: NaN, n: 0 };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { min: sorted[0] ?? NaN, median, max: sorted[sorted.length - 1] ?? NaN, n: sorted.length };
}

/** "min / **median** / max" with the given number of decimals. */
export function fmtSpread(s: Spread, digits = 0): string {
  if (s.n === 0) return 'n/a';
  const f = (v: number): string => v.toFixed(digits);
  return `${f(s.min)} / **${f(s.median)}** / ${f(s.max)}`;
}

/** MiB/s for `mib` moved in `ms` milliseconds. */
export function mibPerSec(mib: number, ms: number): number {
  return ms > 0 ? (mib * 1000) / ms : NaN;
}

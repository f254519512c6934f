/**
 * What the engine benchmark runs (issue 3 and issue 4 "Performance") and how each scenario's
 * cycles are summarised against the physical limits measured in the same run.
 */
import { readFileSync } from 'node:fs';
import type { Cycle } from './engine-cycle.js';
import type { TargetShape } from './target.js';
import { mibPerSec, spread, type Spread } from './stats.js';

export type Storage = 'tmpfs' | 'disk';

export interface Scenario {
  readonly id: string;
  readonly label: string;
  readonly shape: TargetShape;
  readonly scope: '--pid' | '--tree';
  readonly storage: Storage;
  /** cr_checkpoint --sync (disk: durable, BLCR's default) or --nosync (tmpfs). */
  readonly sync: boolean;
  readonly engine: 'blcr' | 'criu';
}

export function payloadMib(s: Scenario): number {
  return s.shape.mib * s.shape.procs;
}

export function engineScenarios(sizes: readonly number[]): Scenario[] {
  const single = (mib: number, storage: Storage): Scenario => ({
    id: `blcr-${mib}-${storage}`,
    label: `1 process, ${storage}${storage === 'disk' ? ' (--sync)' : ''}`,
    shape: { mib, threads: 1, procs: 1 },
    scope: '--pid',
    storage,
    sync: storage === 'disk',
    engine: 'blcr',
  });
  return [
    ...sizes.map((m) => single(m, 'tmpfs')),
    ...sizes.map((m) => single(m, 'disk')),
    {
      id: 'blcr-tree-4x256-tmpfs', label: '4-process tree, 256 MiB each, tmpfs', shape: { mib: 256, threads: 1, procs: 4 },
      scope: '--tree', storage: 'tmpfs', sync: false, engine: 'blcr',
    },
    {
      id: 'blcr-threads-4x1024-tmpfs', label: '4 threads, 1 GiB, tmpfs', shape: { mib: 1024, threads: 4, procs: 1 },
      scope: '--pid', storage: 'tmpfs', sync: false, engine: 'blcr',
    },
  ];
}

export function criuScenarios(sizes: readonly number[]): Scenario[] {
  return sizes.map((mib) => ({
    id: `criu-${mib}-tmpfs`, label: '1 process, tmpfs (criu)', shape: { mib, threads: 1, procs: 1 },
    scope: '--pid', storage: 'tmpfs', sync: false, engine: 'criu',
  }));
}

/** MemAvailable in MiB: a scenario needs its memory twice over (target + tmpfs image) plus slack. */
export function memAvailableMib(meminfo = readFileSync('/proc/meminfo', 'utf8')): number {
  const m = /^MemAvailable:\s+(\d+) kB$/m.exec(meminfo);
  return m && m[1] !== undefined ? Number(m[1]) / 1024 : 0;
}

export function fitsInMemory(s: Scenario, availMib: number): boolean {
  return availMib >= payloadMib(s) * 2.5 + 512;
}

export interface Summary {
  readonly checkpointMs: Spread;
  /** MiB/s, from each cycle's time: min is the slowest cycle. */
  readonly checkpointMibs: Spread;
  readonly frozenMs: Spread;
  readonly restartMs: Spread;
  readonly restartMibs: Spread;
  readonly imageBytes: number;
  readonly touchedBytes: number;
  /** (image - touched) / touched, in percent (median cycle's figures). */
  readonly imageOverheadPct: number;
}

export function summarise(s: Scenario, cycles: readonly Cycle[]): Summary {
  const mib = payloadMib(s);
  const imageBytes = spread(cycles.map((c) => c.imageBytes)).median;
  const touchedBytes = spread(cycles.map((c) => c.touchedBytes)).median;
  return {
    checkpointMs: spread(cycles.map((c) => c.checkpointMs)),
    checkpointMibs: spread(cycles.map((c) => mibPerSec(mib, c.checkpointMs))),
    frozenMs: spread(cycles.flatMap((c) => (c.frozenMs === null ? [] : [c.frozenMs]))),
    restartMs: spread(cycles.map((c) => c.restartMs)),
    restartMibs: spread(cycles.map((c) => mibPerSec(mib, c.restartMs))),
    imageBytes,
    touchedBytes,
    imageOverheadPct: ((imageBytes - touchedBytes) / touchedBytes) * 100,
  };
}

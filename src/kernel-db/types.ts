/**
 * The kernel-db as TypeScript sees it. kernel-db/schema.json is the source of truth for the
 * files; these types mirror it (drift is caught by the schema tests, which load the shipped
 * data through ajv and then use it through these types).
 */
import type { FactValue, ProbeStatus } from '../model/probe.js';
import type { PathName } from '../model/verdict.js';

/** `kind/id`: the probe file probes/<kind>/<id>.ts. */
export type ProbeRef = string;

export type EngineStatus = 'supported' | 'unsupported' | 'untested';
export type Era = 'blcr-in-kernel' | 'engine';

export interface SeriesEntry {
  id: string;
  range: string;
  era: Era;
  status: EngineStatus;
  notes: string;
  remedy?: string;
}

export type FeatureNeed = 'engine' | 'engine-implied' | 'engine-optional' | 'kmod' | 'info';

export interface Feature {
  id: string;
  name: string;
  /** Mainline version that introduced it (`3.18`). */
  since: string;
  need: FeatureNeed;
  probe?: ProbeRef;
  /** The fact of `probe` that shows it, when the probe covers more than this feature. */
  fact?: string;
  impliedBy?: string;
  config?: string;
  usedFor: string;
  fallback?: string;
  remedy?: string;
}

export interface Condition {
  probe: ProbeRef;
  fact?: string;
  equals?: FactValue;
  in?: FactValue[];
  nonEmpty?: true;
  status?: ProbeStatus[];
}

export type QuirkPath = 'engine' | 'kmod' | 'blcr-in-kernel' | 'toolchain';
export type QuirkStatus = 'supported' | 'failing-build' | 'broken' | 'degraded' | 'info';

export interface Quirk {
  id: string;
  table?: string;
  title: string;
  path: QuirkPath;
  range?: string;
  arches?: string[];
  flavour?: string;
  releasePattern?: string;
  when?: Condition[];
  since?: string;
  status?: QuirkStatus;
  severity: 'info' | 'warn' | 'error';
  message: string;
  remedy?: string;
  source?: string;
}

export interface DistroKernel {
  release: string;
  match: string;
  suite: string;
  cc: string;
  headersPackage?: string;
  dbgPackage?: string;
  systemMap?: string;
  notes?: string;
}

export interface Distro {
  id: string;
  name: string;
  flavour: string;
  notes?: string;
  kernels: DistroKernel[];
}

export type MatrixCell = boolean | null;

export interface ProvenKernel {
  release: string;
  column: 'host' | 'matrix';
  distro?: string;
  paths: PathName[];
  status: 'pending' | 'proven' | 'failed';
  cells: {
    builds: MatrixCell;
    loads: MatrixCell;
    mapVerified: MatrixCell;
    wrongMapRefused: MatrixCell;
    e2eRoot: MatrixCell;
    e2eUser: MatrixCell;
  };
  updated: string | null;
  notes?: string;
}

/** The files exactly as stored (what the schema validates). */
export interface KernelDbFiles {
  series: { description?: string; engineArches: string[]; newest: string; series: SeriesEntry[] };
  features: { description?: string; features: Feature[] };
  quirks: { description?: string; quirks: Quirk[] };
  distros: { description?: string; distros: Distro[] };
  proven: { description?: string; kernels: ProvenKernel[] };
}

/** File name (in kernel-db/) of each table, and the JSON pointer of its array inside the file. */
export const DB_FILES = {
  series: { file: 'series.json', array: '/series' },
  features: { file: 'features.json', array: '/features' },
  quirks: { file: 'quirks.json', array: '/quirks' },
  distros: { file: 'distros.json', array: '/distros' },
  proven: { file: 'proven.json', array: '/kernels' },
} as const;

export type DbTable = keyof typeof DB_FILES;

/** The loaded database: the files' arrays, flattened (index i is `<file>#<array>/i`). */
export interface KernelDb {
  /** Directory it was read from (for messages); '<memory>' for a db built in code. */
  dir: string;
  /** Architectures the userspace engine supports. */
  engineArches: string[];
  /** Newest series the db knows (`7.3`); anything newer is untested. */
  newest: string;
  series: SeriesEntry[];
  features: Feature[];
  quirks: Quirk[];
  distros: Distro[];
  proven: ProvenKernel[];
}

export function flattenDb(files: KernelDbFiles, dir: string): KernelDb {
  return {
    dir,
    engineArches: files.series.engineArches,
    newest: files.series.newest,
    series: files.series.series,
    features: files.features.features,
    quirks: files.quirks.quirks,
    distros: files.distros.distros,
    proven: files.proven.kernels,
  };
}

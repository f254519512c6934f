/** Where the matrix keeps what it downloads and builds between runs. */
import path from 'node:path';
import type { Host } from '../host/host.js';

export interface MatrixCache {
  dir: string;
  apt: string;
  debs(release: string): string;
  root(release: string): string;
  map(release: string): string;
  chroot(suite: string): string;
  work(release: string): string;
  guest: string;
}

export const DEFAULT_CACHE = '/var/cache/blcr-matrix';

export function matrixCache(host: Host, override?: string): MatrixCache {
  const dir = override ?? host.env('BLCR_MATRIX_CACHE') ?? DEFAULT_CACHE;
  return {
    dir,
    apt: path.join(dir, 'apt'),
    debs: (r) => path.join(dir, 'debs', r),
    root: (r) => path.join(dir, 'roots', r),
    map: (r) => path.join(dir, 'maps', `System.map-${r}`),
    chroot: (s) => path.join(dir, 'chroots', s),
    work: (r) => path.join(dir, 'work', r),
    guest: path.join(dir, 'guest'),
  };
}

/** The fixture folder a kernel's xz System.map lives in (shared with the probe tests). */
export function fixtureDirFor(release: string): string {
  return `debian-${release.replace(/-amd64$/, '')}`;
}

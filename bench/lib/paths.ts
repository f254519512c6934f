/** Where the benchmark's inputs and outputs live. */
import path from 'node:path';
import { BIN_DIR, BUILD_DIR, ROOT } from '../../src/util/paths.js';

export { BIN_DIR, BUILD_DIR, ROOT };
export const BENCH_SRC_DIR = path.join(ROOT, 'bench', 'programs');
export const BENCH_BIN_DIR = path.join(BUILD_DIR, 'bench', 'bin');
/** Images on tmpfs (the figure the targets are set against) and on disk (context). */
export const TMPFS_DIR = '/dev/shm';
export const DISK_DIR = path.join(BUILD_DIR, 'bench', 'images');

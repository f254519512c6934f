/** Where things live, derived from this file's place in build/js/src/util/. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository (or install) root: build/js/src/util → four levels up. */
export const ROOT = path.resolve(here, '..', '..', '..', '..');
export const BUILD_DIR = path.join(ROOT, 'build');
export const BIN_DIR = path.join(BUILD_DIR, 'bin');
export const NATIVE_DIR = path.join(ROOT, 'native');
export const KERNEL_DB_DIR = path.join(ROOT, 'kernel-db');
export const PROBES_JS_DIR = path.join(ROOT, 'build', 'js', 'probes');
export const PROBES_SRC_DIR = path.join(ROOT, 'probes');
export const FIXTURES_DIR = path.join(ROOT, 'test', 'fixtures');

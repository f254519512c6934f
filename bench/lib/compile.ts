/**
 * Builds the benchmark's C helpers (bench/programs/*.c) into build/bench/bin, once per change:
 * a helper is rebuilt when its source is newer than its binary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BENCH_BIN_DIR, BENCH_SRC_DIR } from './paths.js';

export type Helper = 'physlimits' | 'memtouch';

export function helperPath(name: Helper): string {
  return path.join(BENCH_BIN_DIR, name);
}

export function buildHelper(name: Helper): string {
  const src = path.join(BENCH_SRC_DIR, `${name}.c`);
  const out = helperPath(name);
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs) return out;
  mkdirSync(BENCH_BIN_DIR, { recursive: true });
  const cc = process.env['CC'] ?? 'gcc';
  try {
    execFileSync(cc, ['-O2', '-g', '-Wall', '-Wextra', '-pthread', '-o', out, src], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim() ?? String(e);
    throw new Error(`cannot compile ${src} with ${cc}: ${stderr}`);
  }
  return out;
}

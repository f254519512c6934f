/**
 * Shared pieces of the libcr e2e tests: compiles test/e2e/libcr/programs/*.c against the
 * built libcr (build/include, build/lib, rpath) into build/test-programs/libcr/, and a
 * tiny TCP echo server that records every line per connection.
 */
import { describe } from '@jest/globals';
import { execa } from 'execa';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BUILD_DIR, ROOT } from '../../../src/util/paths.js';
import { buildPrograms, skipReason } from '../harness.js';

export const LIB_DIR = path.join(BUILD_DIR, 'lib');
export const INCLUDE_DIR = path.join(BUILD_DIR, 'include');
export const CR_RUN = path.join(BUILD_DIR, 'bin', 'cr_run');
const SRC = path.join(ROOT, 'test', 'e2e', 'libcr', 'programs');
const OUT = path.join(BUILD_DIR, 'test-programs', 'libcr');
/** Programs that must not link libcr (the parent in the cr_run --omit test). */
const PLAIN = new Set(['forker']);

export const libcrProgram = (name: string): string => path.join(OUT, name);

/** Why the libcr suites cannot run here, or null. */
export function libcrSkipReason(): string | null {
  const engine = skipReason();
  if (engine) return engine;
  if (!existsSync(path.join(LIB_DIR, 'libcr.so.0'))) return `${LIB_DIR}/libcr.so.0 is not built (make -C native libcr)`;
  return null;
}

function fresh(out: string, inputs: string[]): boolean {
  if (!existsSync(out)) return false;
  const t = statSync(out).mtimeMs;
  return inputs.every((i) => statSync(i).mtimeMs <= t);
}

async function compile(name: string): Promise<void> {
  const src = path.join(SRC, `${name}.c`);
  const out = libcrProgram(name);
  const deps = [src, path.join(SRC, 'crtest.h'), path.join(INCLUDE_DIR, 'libcr.h'), path.join(LIB_DIR, 'libcr.so.0')];
  if (fresh(out, deps)) return;
  const tmp = `${out}.tmp-${process.pid}`;
  const link = PLAIN.has(name) ? [] : [`-L${LIB_DIR}`, '-lcr', `-Wl,-rpath,${LIB_DIR}`];
  const r = await execa('cc', ['-O2', '-Wall', '-Wextra', '-Wno-unused-parameter', '-Werror', '-pthread',
    `-I${INCLUDE_DIR}`, '-o', tmp, src, ...link], { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) throw new Error(`cc ${src} failed (exit ${r.exitCode}):\n${r.stderr}`);
  renameSync(tmp, out);
}

let built: Promise<void> | null = null;

/** Compile the shared e2e programs (exec-clean, ...) and every libcr test program. */
export function buildLibcrPrograms(): Promise<void> {
  built ??= (async () => {
    await buildPrograms();
    mkdirSync(OUT, { recursive: true });
    for (const f of readdirSync(SRC).filter((x) => x.endsWith('.c'))) await compile(f.slice(0, -2));
  })();
  return built;
}

/** An echo server on 127.0.0.1: lines[i] = the lines received on the i-th connection. */
export interface EchoServer {
  port: number;
  lines: string[][];
  close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
  const lines: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    const mine: string[] = [];
    let pending = '';
    lines.push(mine);
    sockets.add(sock);
    sock.on('data', (d: Buffer) => {
      pending += d.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      mine.push(...parts);
      sock.write(d);
    });
    sock.on('error', () => undefined);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('echo server has no TCP address');
  return {
    port: addr.port,
    lines,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** The numbers N of "msg N" lines on one connection. */
export const msgNumbers = (conn: string[] | undefined): number[] =>
  (conn ?? []).map((l) => Number(l.replace(/^msg /, '')));

/** describe(), or describe.skip() saying why (engine or libcr not built, not root). */
export function describeLibcr(name: string, fn: () => void): void {
  const reason = libcrSkipReason();
  if (reason) {
    console.warn(`e2e "${name}" skipped: ${reason}`);
    describe.skip(`${name} [skipped: ${reason}]`, fn);
  } else {
    describe(name, fn);
  }
}

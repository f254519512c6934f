/** Static builds of the guest test programs (test/matrix/*.c) and the engine, for the initramfs. */
import path from 'node:path';
import type { Host } from '../host/host.js';
import { BUILD_DIR, ROOT } from '../util/paths.js';
import { must } from './sh.js';

export const GUEST_PROGRAMS = ['blcr-devtest', 'crfeatures', 'counter', 'runas'] as const;
/** The engine's static commands (`make -C native static`); the e2e cells are n/a without them. */
export const ENGINE_PROGRAMS = ['cr_checkpoint', 'cr_restart'] as const;

export interface GuestBinaries {
  /** name → path of the static binary */
  programs: Record<string, string>;
  /** present engine binaries */
  engine: Record<string, string>;
}

export async function buildGuestPrograms(host: Host, outDir: string): Promise<GuestBinaries> {
  await host.mkdirp(outDir);
  const programs: Record<string, string> = {};
  for (const name of GUEST_PROGRAMS) {
    const src = path.join(ROOT, 'test', 'matrix', `${name}.c`);
    const bin = path.join(outDir, name);
    must(await host.exec('gcc', ['-O2', '-Wall', '-static', '-o', bin, src], { timeoutMs: 120_000 }), `static build of ${name}`);
    programs[name] = bin;
  }
  const engine: Record<string, string> = {};
  const staticDir = host.env('BLCR_STATIC_DIR') ?? path.join(BUILD_DIR, 'static');
  for (const name of ENGINE_PROGRAMS) {
    const bin = path.join(staticDir, name);
    if (await host.exists(bin)) engine[name] = bin;
  }
  return { programs, engine };
}

/**
 * Kernel compile tests, OpenZFS style: every probes/kernel/<id>.c is copied into its own
 * subdirectory of <workDir>/kbuild and all are built in ONE `make -k -j2 modules` pass against
 * the configured headers; a test passes when its <id>.ko exists. build.log is kept.
 * One failing snippet stops kbuild before modpost, so (as OpenZFS does) a snippet whose <id>.o
 * compiled counts as built; modpost runs with KBUILD_MODPOST_WARN=1, and tests about exports
 * check the headers' Module.symvers instead of relying on the link.
 */
import path from 'node:path';
import type { Host } from '../../host/host.js';
import type { ProbeContext } from '../../model/probe.js';
import { PROBES_SRC_DIR } from '../../util/paths.js';

export interface KbuildPass {
  ran: boolean;
  /** Why it did not run (no configured headers, headers of another kernel). */
  reason: string;
  headersDir: string | null;
  dir: string;
  log: string;
  /** id → its .ko was produced. */
  built: Record<string, boolean>;
  /** Module.symvers of the headers (exported symbol names), empty when absent. */
  exports: Set<string>;
}

const memo = new WeakMap<Host, Map<string, Promise<KbuildPass>>>();

export function kbuildPass(ctx: ProbeContext, snippetDir = path.join(PROBES_SRC_DIR, 'kernel')): Promise<KbuildPass> {
  let byDir = memo.get(ctx.host);
  if (!byDir) memo.set(ctx.host, (byDir = new Map()));
  const key = `${ctx.options.workDir}\0${snippetDir}`;
  let p = byDir.get(key);
  if (!p) byDir.set(key, (p = build(ctx, snippetDir)));
  return p;
}

async function build(ctx: ProbeContext, snippetDir: string): Promise<KbuildPass> {
  const { host } = ctx;
  const dir = path.resolve(ctx.options.workDir, 'kbuild');
  const log = path.join(dir, 'build.log');
  const h = ctx.result('kernel-headers')?.facts;
  const headersDir = typeof h?.dir === 'string' ? h.dir : null;
  const none = (reason: string): KbuildPass => ({ ran: false, reason, headersDir, dir, log, built: {}, exports: new Set() });
  if (!headersDir || h?.configured !== true) return none('no configured kernel headers (install linux-headers-$(uname -r) or pass --with-linux=DIR)');
  if (h.matchesRunning !== true) return none(`the headers in ${headersDir} are for ${String(h.utsRelease)}, not the running kernel`);

  const ids = (await host.glob(snippetDir, /\.c$/)).map((f) => path.basename(f, '.c')).sort();
  const subdirs: string[] = [];
  for (const id of ids) {
    const text = await host.readText(path.join(snippetDir, `${id}.c`));
    if (text === undefined) continue;
    await host.writeFile(path.join(dir, id, `${id}.c`), text);
    await host.writeFile(path.join(dir, id, 'Kbuild'), `obj-m := ${id}.o\n`);
    subdirs.push(`${id}/`);
  }
  await host.writeFile(path.join(dir, 'Kbuild'), `obj-m := ${subdirs.join(' ')}\n`);
  const args = ['-C', headersDir, `M=${dir}`, '-k', '-j2', 'KBUILD_MODPOST_WARN=1', 'modules'];
  if (ctx.options.cc) args.push(`CC=${ctx.options.cc}`);
  const r = await host.exec('make', args, { cwd: dir, timeoutMs: 300_000 });
  await host.writeFile(log, `$ make ${args.join(' ')}\n${r.stdout}\n${r.stderr}\nexit ${r.exitCode}\n`);
  const built: Record<string, boolean> = {};
  for (const id of ids) built[id] = (await host.exists(path.join(dir, id, `${id}.ko`))) || (await host.exists(path.join(dir, id, `${id}.o`)));
  const symvers = (await host.readText(path.join(headersDir, 'Module.symvers'))) ?? '';
  const exports = new Set(symvers.split('\n').map((l) => l.split('\t')[1] ?? '').filter((s) => s !== ''));
  return { ran: true, reason: '', headersDir, dir, log, built, exports };
}

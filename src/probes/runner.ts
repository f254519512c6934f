/**
 * Runs probes: dependency order (dependsOn), everything independent concurrently, a throw
 * becomes status "error" (a probe bug, never a crash), each timed. Results are cached per
 * kernel (see cache.ts); kernel-release and kernel-config always run, since they make the key.
 */
import { BlcrError } from '../model/errors.js';
import type { Host } from '../host/host.js';
import type { Probe, ProbeContext, ProbeOptions, ProbeResult } from '../model/probe.js';
import { cacheKey, readCache, writeCache } from './cache.js';
import { loadProbes } from './discover.js';

export interface RunProbesOptions {
  host: Host;
  options: ProbeOptions;
  /** Ignore (and rewrite) the cache. */
  fresh?: boolean;
  /** Run only these ids (and what they depend on). */
  only?: string[];
  /** The probes to use instead of discovering them (tests). */
  probes?: Probe[];
}

const KEY_PROBES = ['kernel-release', 'kernel-config'];

export async function runProbes(opts: RunProbesOptions): Promise<ProbeResult[]> {
  const all = opts.probes ?? (await loadProbes());
  const byId = new Map(all.map((p) => [p.id, p]));
  const selected = selectWithDeps(byId, opts.only);
  checkAcyclic(selected, byId);
  const results = new Map<string, ProbeResult>();
  const ctx: ProbeContext = { host: opts.host, options: opts.options, result: (id) => results.get(id) };

  // The cache key needs the release and the config hash: those two always run.
  const keyIds = KEY_PROBES.filter((id) => byId.has(id));
  await execute(keyIds.map((id) => byId.get(id) as Probe), byId, ctx, results);
  const release = results.get('kernel-release')?.facts.release;
  const hash = results.get('kernel-config')?.facts.hash;
  const stamp = await cacheKey(opts.host, opts.options, typeof release === 'string' ? release : opts.host.uname().release, typeof hash === 'string' ? hash : null);

  const cached = opts.fresh ? undefined : await readCache(opts.host, opts.options, stamp.key);
  for (const r of cached ?? []) if (!results.has(r.id) && selected.some((p) => p.id === r.id)) results.set(r.id, { ...r, cached: true });
  const pending = selected.filter((p) => !results.has(p.id));
  if (pending.length > 0) await execute(pending, byId, ctx, results);
  const ordered = selected.map((p) => results.get(p.id)).filter((r): r is ProbeResult => r !== undefined);
  if (pending.length > 0 || !cached) {
    const merged = new Map((cached ?? []).map((r) => [r.id, r]));
    for (const r of ordered) merged.set(r.id, { ...r, cached: false });
    const { key, ...rest } = stamp;
    await writeCache(opts.host, opts.options, { key, stamp: rest, results: [...merged.values()] });
  }
  return ordered;
}

/** The probes asked for plus, transitively, what they depend on; in discovery order. */
function selectWithDeps(byId: Map<string, Probe>, only: string[] | undefined): Probe[] {
  if (!only) return [...byId.values()];
  const want = new Set<string>();
  const add = (id: string): void => {
    if (want.has(id)) return;
    const p = byId.get(id);
    if (!p) throw new BlcrError('BLCR_E_USAGE', `unknown probe "${id}"`, { hint: `known probes: ${[...byId.keys()].join(', ')}` });
    want.add(id);
    for (const d of p.dependsOn ?? []) add(d);
  };
  for (const id of only) add(id);
  for (const id of KEY_PROBES) if (byId.has(id)) want.add(id);
  return [...byId.values()].filter((p) => want.has(p.id));
}

function checkAcyclic(selected: Probe[], byId: Map<string, Probe>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: Probe, chain: string[]): void => {
    const s = state.get(p.id);
    if (s === 'done') return;
    if (s === 'visiting') throw new BlcrError('BLCR_E_INTERNAL', `probe dependency cycle: ${[...chain, p.id].join(' -> ')}`);
    state.set(p.id, 'visiting');
    for (const d of p.dependsOn ?? []) {
      const dep = byId.get(d);
      if (dep) visit(dep, [...chain, p.id]);
    }
    state.set(p.id, 'done');
  };
  for (const p of selected) visit(p, []);
}

/** Each probe starts as soon as its dependencies have finished. */
async function execute(list: Probe[], byId: Map<string, Probe>, ctx: ProbeContext, results: Map<string, ProbeResult>): Promise<void> {
  const running = new Map<string, Promise<void>>();
  const start = (p: Probe): Promise<void> => {
    const existing = running.get(p.id);
    if (existing) return existing;
    const deps = (p.dependsOn ?? []).map((d) => byId.get(d)).filter((d): d is Probe => d !== undefined && !results.has(d.id));
    const job = Promise.all(deps.map(start)).then(async () => {
      if (!results.has(p.id)) results.set(p.id, await runOne(p, ctx));
    });
    running.set(p.id, job);
    return job;
  };
  await Promise.all(list.map(start));
}

export async function runOne(p: Probe, ctx: ProbeContext): Promise<ProbeResult> {
  const t0 = ctx.host.now();
  const head = { id: p.id, kind: p.kind, tier: p.tier, title: p.title, cached: false };
  try {
    const out = await p.run(ctx);
    return { ...head, ...out, durationMs: ctx.host.now() - t0 };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return {
      ...head,
      status: 'error',
      summary: `probe bug: ${msg}`,
      facts: {},
      evidence: [{ source: `probe ${p.id}`, found: msg }],
      code: 'BLCR_E_INTERNAL',
      hint: 'report it with blcr doctor --report blcr-report.tar.gz',
      durationMs: ctx.host.now() - t0,
    };
  }
}

import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Probe, ProbeOutcome } from '../../../src/model/probe.js';
import { loadProbes } from '../../../src/probes/discover.js';
import { runProbes } from '../../../src/probes/runner.js';
import { FixtureHost } from './fixture-host.js';

const ok = (summary: string): ProbeOutcome => ({ status: 'pass', summary, facts: {}, evidence: [] });

/** kernel-release/kernel-config stand-ins (they make the cache key) plus probes that record when they ran. */
function scenario(events: string[], configHash = 'h1') {
  const mk = (id: string, deps: string[] = [], body?: () => Promise<ProbeOutcome>): Probe => ({
    id, kind: 'system', tier: 'optional', title: id, dependsOn: deps,
    async run(ctx) {
      events.push(`start ${id}`);
      for (const d of deps) if (!ctx.result(d)) throw new Error(`${d} not done before ${id}`);
      const out = body ? await body() : ok(id);
      events.push(`end ${id}`);
      return out;
    },
  });
  const slow = (ms: number) => () => new Promise<ProbeOutcome>((r) => setTimeout(() => r(ok('slow')), ms));
  return [
    { ...mk('kernel-release'), run: async () => ({ ...ok('r'), facts: { release: '6.18.44-fc-v595' } }) } as Probe,
    { ...mk('kernel-config'), run: async () => ({ ...ok('c'), facts: { hash: configHash } }) } as Probe,
    mk('a', [], slow(30)),
    mk('b', [], slow(30)),
    mk('c', ['a', 'b']),
    mk('boom', [], async () => { throw new Error('parse error at line 3'); }),
  ];
}

describe('runProbes', () => {
  it('runs independent probes concurrently and dependents after their dependencies', async () => {
    const events: string[] = [];
    const res = await runProbes({ host: new FixtureHost(), options: { workDir: '/w' }, probes: scenario(events), fresh: true });
    expect(events.indexOf('start b')).toBeLessThan(events.indexOf('end a')); // a and b overlap
    expect(events.indexOf('start c')).toBeGreaterThan(Math.max(events.indexOf('end a'), events.indexOf('end b')));
    expect(res.map((r) => r.id)).toEqual(['kernel-release', 'kernel-config', 'a', 'b', 'c', 'boom']);
  });
  it('turns a throw into status error (a probe bug), timed', async () => {
    const res = await runProbes({ host: new FixtureHost(), options: { workDir: '/w' }, probes: scenario([]), fresh: true });
    const boom = res.find((r) => r.id === 'boom');
    expect(boom).toMatchObject({ status: 'error', code: 'BLCR_E_INTERNAL' });
    expect(boom?.summary).toContain('parse error at line 3');
    expect(boom?.durationMs).toBeGreaterThan(0);
  });
  it('caches per kernel: a second run reuses results, --fresh and a config change re-probe', async () => {
    const host = new FixtureHost({ files: { '/proc/sys/kernel/random/boot_id': 'b1\n' } });
    const first: string[] = [];
    await runProbes({ host, options: { workDir: '/w' }, probes: scenario(first) });
    expect(host.files.has('/w/cache.json')).toBe(true);
    expect([...host.files.keys()].some((f) => f.includes('.tmp-'))).toBe(false); // renamed into place
    const second: string[] = [];
    const res = await runProbes({ host, options: { workDir: '/w' }, probes: scenario(second) });
    expect(second).toEqual([]);
    expect(res.find((r) => r.id === 'c')?.cached).toBe(true);
    const fresh: string[] = [];
    await runProbes({ host, options: { workDir: '/w' }, probes: scenario(fresh), fresh: true });
    expect(fresh).toContain('start c');
    const changed: string[] = [];
    await runProbes({ host, options: { workDir: '/w' }, probes: scenario(changed, 'h2') });
    expect(changed).toContain('start c');
    const otherMap: string[] = [];
    await runProbes({ host, options: { workDir: '/w', withSystemMap: '/x' }, probes: scenario(otherMap, 'h2') });
    expect(otherMap).toContain('start a');
  });
  it('only: runs the named probes and what they depend on; unknown ids are usage errors', async () => {
    const events: string[] = [];
    const res = await runProbes({ host: new FixtureHost(), options: { workDir: '/w' }, probes: scenario(events), only: ['c'], fresh: true });
    expect(res.map((r) => r.id)).toEqual(['kernel-release', 'kernel-config', 'a', 'b', 'c']);
    await expect(runProbes({ host: new FixtureHost(), options: { workDir: '/w' }, probes: scenario([]), only: ['nope'] })).rejects.toMatchObject({ code: 'BLCR_E_USAGE' });
  });
  it('rejects a dependency cycle', async () => {
    const p = (id: string, dep: string): Probe => ({ id, kind: 'system', tier: 'optional', title: id, dependsOn: [dep], run: async () => ok(id) });
    await expect(runProbes({ host: new FixtureHost(), options: { workDir: '/w' }, probes: [p('x', 'y'), p('y', 'x')], fresh: true })).rejects.toMatchObject({ code: 'BLCR_E_INTERNAL' });
  });
});

describe('loadProbes', () => {
  const CONTRACT = [
    'kernel-release', 'kernel-config', 'kernel-headers', 'system-map', 'system-map-kallsyms', 'kallsyms', 'compiler', 'prelink',
    'module-support', 'module-signing', 'lockdown', 'secure-boot', 'ptrace-scope', 'capabilities', 'seccomp', 'user-namespaces',
    'ptrace-seize', 'pagemap', 'pagemap-scan', 'clone3-set-tid', 'ns-last-pid', 'pr-set-mm-map', 'vdso-layout', 'rseq',
    'userfaultfd', 'pidfd-getfd', 'soft-dirty', 'process-vm-readv', 'kallsyms-lookup-name', 'proc-ops', 'pid-ns-alloc',
  ];
  it('discovers every probe of the contract, id = file name, dependencies known', async () => {
    const probes = await loadProbes();
    const ids = probes.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(CONTRACT));
    for (const p of probes) for (const d of p.dependsOn ?? []) expect(ids).toContain(d);
  });
  it('refuses a file whose probe id differs from its name', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'blcr-probes-'));
    await fs.mkdir(path.join(dir, 'system'));
    await fs.writeFile(path.join(dir, 'package.json'), '{"type":"module"}\n');
    await fs.writeFile(path.join(dir, 'system', 'foo.js'), "export const probe = { id: 'bar', kind: 'system', run: async () => ({}) };\n");
    await expect(loadProbes(dir)).rejects.toMatchObject({ code: 'BLCR_E_INTERNAL' });
    await fs.rm(dir, { recursive: true });
  });
});


/**
 * Runs every system and userspace probe for real on this machine (RealHost, real compiles).
 * The facts asserted in the second block are those of the project's dev host (6.18.44,
 * CONFIG_MODULES off, root); elsewhere only the generic checks run.
 */
import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RealHost } from '../../../src/host/real-host.js';
import type { ProbeResult } from '../../../src/model/probe.js';
import { loadProbes } from '../../../src/probes/discover.js';
import { runProbes } from '../../../src/probes/runner.js';

const DEV_HOST = /^6\.18\.44-fc-/.test(os.release());

async function runHere(): Promise<{ byId: Record<string, ProbeResult>; workDir: string }> {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'blcr-probes-'));
  const probes = (await loadProbes()).filter((p) => p.kind !== 'kernel');
  const res = await runProbes({ host: new RealHost(), options: { workDir }, probes, fresh: true });
  return { byId: Object.fromEntries(res.map((r) => [r.id, r])), workDir };
}

describe('probes on this machine', () => {
  let run: Promise<{ byId: Record<string, ProbeResult>; workDir: string }> | undefined;
  const results = () => (run ??= runHere());

  it('every system and userspace probe runs without a probe bug', async () => {
    const { byId } = await results();
    const errors = Object.values(byId).filter((r) => r.status === 'error').map((r) => `${r.id}: ${r.summary}`);
    expect(errors).toEqual([]);
    expect(byId['kernel-release']?.facts.release).toBe(os.release());
  });

  (DEV_HOST ? it : it.skip)('dev host facts: modules off (CONFIG_MODULES), C/R on, vvar_vclock, clone3 set_tid as root', async () => {
    const { byId, workDir } = await results();
    expect(byId['module-support']?.facts.modules).toBe(false);
    expect(String(byId['module-support']?.facts.reason)).toContain('CONFIG_MODULES');
    expect(byId['kernel-config']?.facts.checkpointRestore).toBe(true);
    expect(byId['vdso-layout']?.facts.vvarVclock).toBe(true);
    expect(byId['vdso-layout']?.facts.order).toBe('vvar,vvar_vclock,vdso');
    expect(byId['clone3-set-tid']?.status).toBe('pass');
    for (const id of ['ptrace-seize', 'pagemap', 'pr-set-mm-map', 'process-vm-readv']) expect(byId[id]?.status).toBe('pass');
    expect(JSON.parse(await fs.readFile(path.join(workDir, 'cache.json'), 'utf8')).results.length).toBe(Object.keys(byId).length);
    await fs.rm(workDir, { recursive: true });
  });
});

/** Factory for kernel compile probes: the outcome of one snippet in the shared kbuild pass. */
import type { Probe, ProbeOutcome, Tier } from '../../model/probe.js';
import { kbuildPass } from './kbuild.js';
import { Trail } from './trail.js';

export interface KernelSpec {
  id: string;
  tier: Tier;
  title: string;
  /** The kernel API change this tracks, for the summary ("5.6: struct proc_ops"). */
  api: string;
  /** Passes only if this symbol is also exported (listed in the headers' Module.symvers). */
  requiresExport?: string;
  /** Fix when it does not build (what the kmod will do instead). */
  hint: string;
}

export function kernelProbe(spec: KernelSpec): Probe {
  return {
    id: spec.id,
    kind: 'kernel',
    tier: spec.tier,
    title: spec.title,
    dependsOn: ['kernel-headers'],
    async run(ctx): Promise<ProbeOutcome> {
      const pass = await kbuildPass(ctx);
      const trail = new Trail();
      if (!pass.ran) return { status: 'skip', summary: `skipped: ${pass.reason}`, facts: { built: null, reason: pass.reason }, evidence: trail.add('kbuild', pass.reason).list };
      const built = pass.built[spec.id] === true;
      trail.add(`${pass.dir}/${spec.id}/${spec.id}.ko`, built ? 'built' : `not built (see ${pass.log})`);
      let exported: boolean | null = null;
      if (spec.requiresExport) {
        exported = pass.exports.size > 0 ? pass.exports.has(spec.requiresExport) : null;
        trail.add(`${pass.headersDir}/Module.symvers`, exported === null ? 'absent or empty' : `${spec.requiresExport} ${exported ? 'exported' : 'not exported'}`);
      }
      const ok = built && exported !== false;
      const facts = { built, exported, api: spec.api, log: pass.log };
      if (ok) return { status: 'pass', summary: `yes (${spec.api})`, facts, evidence: trail.list };
      return { status: 'fail', summary: `no (${spec.api})`, facts, evidence: trail.list, code: 'BLCR_E_FEATURE_MISSING', hint: spec.hint };
    },
  };
}

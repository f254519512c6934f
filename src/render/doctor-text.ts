/** `blcr doctor` text: one line per check, evidence and fix under problems, then the paths. No logic here. */
import type { CheckMark, DoctorReport } from '../doctor/doctor-report.js';
import { renderEvidence } from './evidence.js';
import { renderFindings, renderKernel, renderPaths } from './paths.js';

const KIND_LABEL: Record<DoctorReport['checks'][number]['kind'], string> = {
  system: 'system',
  userspace: 'userspace features (compiled tests)',
  kernel: 'kernel API (kbuild compile tests)',
};

const MARK: Record<CheckMark, string> = { ok: '[ ok ]', warn: '[warn]', fail: '[FAIL]', skip: '[skip]' };

export function renderDoctorText(r: DoctorReport): string {
  const out: string[] = [`blcr doctor ${r.tool.version} — ${r.host.release} ${r.host.arch}`, ''];
  const width = Math.min(40, Math.max(...r.checks.map((c) => c.title.length), 10));
  let kind: string | undefined;
  for (const c of r.checks) {
    if (c.kind !== kind) {
      kind = c.kind;
      if (out.length > 2) out.push('');
      out.push(`${KIND_LABEL[c.kind]}:`);
    }
    const tier = c.tier === 'required' ? '' : ` (${c.tier})`;
    const summary = c.mark === 'skip' ? c.summary.replace(/^skipped: /, '') : c.summary;
    out.push(`${MARK[c.mark]} ${c.title.padEnd(width)}  ${summary}${c.mark === 'ok' || c.mark === 'skip' ? '' : tier}`);
    if (c.mark === 'warn' || c.mark === 'fail') out.push(...renderEvidence(c, '         '));
  }
  out.push('', renderKernel(r.verdict));
  if (r.verdict.findings.length > 0) out.push('kernel-db findings:', ...renderFindings(r.verdict));
  out.push('checkpoint paths on this node:', ...renderPaths(r.verdict));
  if (r.context) {
    out.push('', `context ${r.context.file}: ${r.context.restartable ? 'can be restarted on this node' : 'cannot be restarted on this node'}`);
    for (const o of r.context.obstacles) {
      out.push(`  [FAIL] ${o.kind}: ${o.message}`);
      if (o.hint) out.push(`         fix: ${o.hint}`);
    }
  }
  const n = r.counts;
  out.push('', `${r.nodeReady ? 'this node is ready' : 'this node is NOT ready'}: ${n.ok} ok, ${n.warn} warning${n.warn === 1 ? '' : 's'}, ${n.fail} failed, ${n.skip} skipped`);
  if (r.nodeReady && r.verdict.enabledCommands.length > 0) out.push(`commands this node can run: ${r.verdict.enabledCommands.join(', ')}`);
  return out.join('\n') + '\n';
}

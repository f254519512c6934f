/** The "which checkpoint path is on and why" section, shared by configure's summary and doctor. */
import type { PathName, Verdict } from '../model/verdict.js';

export const PATH_LABEL: Record<PathName, string> = {
  engine: 'userspace engine',
  kmod: 'kernel module helper',
};

export function renderPaths(verdict: Verdict, indent = '  '): string[] {
  const out: string[] = [];
  for (const p of verdict.paths) {
    out.push(`${indent}${PATH_LABEL[p.path]}: ${p.enabled ? 'on' : 'off'} — ${p.reason}`);
    if (p.hint && !p.enabled) out.push(`${indent}  hint: ${p.hint}`);
  }
  return out;
}

export function renderKernel(verdict: Verdict): string {
  const k = verdict.kernel;
  const lines = [`kernel ${k.release} (${k.arch}): ${k.status} — ${k.reason}`];
  if (k.missing && k.missing.length > 0) lines.push(`  missing: ${k.missing.join(', ')}`);
  if (k.remedy && k.status !== 'supported') lines.push(`  fix: ${k.remedy}`);
  return lines.join('\n');
}

export function renderFindings(verdict: Verdict, indent = '  '): string[] {
  const out: string[] = [];
  for (const f of verdict.findings) {
    out.push(`${indent}${f.severity}: ${f.message} [${f.id}]`);
    if (f.hint) out.push(`${indent}  fix: ${f.hint}`);
  }
  return out;
}

/** Evidence trail + exact fix under a failing or warning check (doctor and configure errors). */
import type { Evidence } from '../model/probe.js';

export interface Explained {
  evidence: readonly Evidence[];
  hint?: string | undefined;
  code?: string | undefined;
}

export function renderEvidence(c: Explained, indent: string): string[] {
  const out: string[] = [];
  for (const e of c.evidence) {
    const found = e.found.replace(/\s*\n\s*/g, ' ⏎ ');
    out.push(`${indent}${e.source}: ${found.length > 200 ? `${found.slice(0, 197)}...` : found}`);
  }
  if (c.hint) out.push(`${indent}fix: ${c.hint}${c.code ? `  (${c.code})` : ''}`);
  else if (c.code) out.push(`${indent}code: ${c.code}`);
  return out;
}

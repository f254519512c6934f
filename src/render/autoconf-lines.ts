/** configure's output: autoconf's "checking for X... Y" lines, the failures block, the summary. */
import type { ProbeResult } from '../model/probe.js';
import type { Verdict } from '../model/verdict.js';
import { renderEvidence } from './evidence.js';
import { renderFindings, renderKernel, renderPaths } from './paths.js';

const STATUS_WORD: Record<ProbeResult['status'], string> = { pass: '', warn: 'warning: ', fail: 'no: ', skip: 'skipped: ', error: 'probe error: ' };

export function checkingLine(r: ProbeResult): string {
  const word = STATUS_WORD[r.status];
  const bare = word.slice(0, -2);
  const lower = r.summary.toLowerCase();
  const said = word !== '' && (lower.startsWith(`${bare}:`) || lower.startsWith(`${bare} `));
  return `checking for ${r.title}... ${r.cached ? '(cached) ' : ''}${said ? '' : word}${r.summary}`;
}

export function renderChecking(results: readonly ProbeResult[]): string[] {
  return results.map(checkingLine);
}

/** Each required failure with its evidence and the exact fix; configure then exits 1. */
export function renderFailures(failed: readonly ProbeResult[], prog = 'configure'): string[] {
  const out: string[] = [];
  for (const r of failed) {
    out.push(`${prog}: error: ${r.title}: ${r.summary}`);
    out.push(...renderEvidence(r, '  '));
  }
  return out;
}

export interface SummaryInput {
  verdict: Verdict;
  /** Commands enabled in build/bin (built and allowed by the verdict). */
  enabled: readonly string[];
  /** Commands the verdict allows but the build did not produce. */
  notBuilt: readonly string[];
  binDir: string;
  prefix: string;
  outputs: readonly string[];
}

export function renderSummary(s: SummaryInput): string[] {
  const out = ['', renderKernel(s.verdict)];
  if (s.verdict.findings.length > 0) out.push('kernel-db findings:', ...renderFindings(s.verdict));
  out.push('checkpoint paths on this node:', ...renderPaths(s.verdict));
  out.push(`enabled commands (${s.binDir}): ${s.enabled.length > 0 ? s.enabled.join(', ') : 'none'}`);
  if (s.notBuilt.length > 0) out.push(`allowed but not built yet: ${s.notBuilt.join(', ')}`);
  out.push(`wrote: ${s.outputs.join(', ')}`);
  out.push(`install prefix: ${s.prefix} (make -C native install PREFIX=${s.prefix})`);
  return out;
}

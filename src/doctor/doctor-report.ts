/**
 * The doctor's result model: probe results + verdict mapped to one line mark each. This is
 * the shape of `blcr doctor --json` (schemas/doctor.schema.json is its truth, drift-tested).
 */
import type { Evidence, Facts, ProbeKind, ProbeResult, ProbeStatus, Tier } from '../model/probe.js';
import type { Verdict } from '../model/verdict.js';
import { EXIT_FAILED, EXIT_OK } from '../model/errors.js';
import { requiredFailures } from '../configure/assess.js';
import type { ContextCheck } from './context-check.js';

export type CheckMark = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  id: string;
  kind: ProbeKind;
  tier: Tier;
  title: string;
  status: ProbeStatus;
  mark: CheckMark;
  summary: string;
  code?: string;
  hint?: string;
  evidence: Evidence[];
  facts: Facts;
  durationMs: number;
  cached: boolean;
}

export interface DoctorReport {
  schemaVersion: 1;
  tool: { name: 'blcr'; version: string };
  generatedAt: string;
  host: { release: string; version: string; arch: string };
  /** This node can checkpoint and restart (every required check passed, the engine path is on). */
  nodeReady: boolean;
  /** nodeReady, and with --context: that context can be restarted here. Decides the exit code. */
  ready: boolean;
  exitCode: number;
  counts: Record<CheckMark, number>;
  checks: DoctorCheck[];
  verdict: Verdict;
  context?: ContextCheck;
}

/** Only a required check can fail the node; an optional one that fails is a warning. */
export function markOf(r: Pick<ProbeResult, 'status' | 'tier'>): CheckMark {
  switch (r.status) {
    case 'pass':
      return 'ok';
    case 'warn':
      return 'warn';
    case 'skip':
      return 'skip';
    case 'fail':
    case 'error':
      return r.tier === 'required' ? 'fail' : 'warn';
  }
}

export interface ReportMeta {
  version: string;
  generatedAt: string;
  host: { release: string; version: string; arch: string };
}

export function buildDoctorReport(results: readonly ProbeResult[], verdict: Verdict, meta: ReportMeta, context?: ContextCheck): DoctorReport {
  const checks: DoctorCheck[] = results.map((r) => {
    const c: DoctorCheck = {
      id: r.id,
      kind: r.kind,
      tier: r.tier,
      title: r.title,
      status: r.status,
      mark: markOf(r),
      summary: r.summary,
      evidence: r.evidence,
      facts: r.facts,
      durationMs: r.durationMs,
      cached: r.cached,
    };
    if (r.code !== undefined) c.code = r.code;
    if (r.hint !== undefined) c.hint = r.hint;
    return c;
  });
  const counts: Record<CheckMark, number> = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of checks) counts[c.mark]++;
  const nodeReady = verdict.ready && requiredFailures(results).length === 0;
  const ready = nodeReady && (context === undefined || context.restartable);
  const report: DoctorReport = {
    schemaVersion: 1,
    tool: { name: 'blcr', version: meta.version },
    generatedAt: meta.generatedAt,
    host: meta.host,
    nodeReady,
    ready,
    exitCode: ready ? EXIT_OK : EXIT_FAILED,
    counts,
    checks,
    verdict,
  };
  if (context !== undefined) report.context = context;
  return report;
}

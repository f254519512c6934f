/**
 * The one road from options to a verdict, shared by configure and doctor: discover the
 * probes, run them (cached per kernel unless fresh), hand the results to the kernel-db.
 */
import type { Host } from '../host/host.js';
import type { Probe, ProbeOptions, ProbeResult } from '../model/probe.js';
import type { Verdict } from '../model/verdict.js';

/** The collaborators, injected so unit tests run on fixed results without the machine. */
export interface AssessDeps {
  loadProbes(): Promise<Probe[]>;
  runProbes(opts: { host: Host; options: ProbeOptions; fresh?: boolean; only?: string[]; probes?: Probe[] }): Promise<ProbeResult[]>;
  /** loadKernelDb() + evaluate(), folded so callers never see the db's type. */
  verdict(results: ProbeResult[]): Verdict;
}

export interface Assessment {
  results: ProbeResult[];
  verdict: Verdict;
  timings: { probesMs: number; verdictMs: number };
}

export async function assess(host: Host, options: ProbeOptions, deps: AssessDeps, fresh = false): Promise<Assessment> {
  const t0 = host.now();
  const probes = await deps.loadProbes();
  const results = await deps.runProbes({ host, options, fresh, probes });
  const t1 = host.now();
  const verdict = deps.verdict(results);
  const t2 = host.now();
  return { results, verdict, timings: { probesMs: t1 - t0, verdictMs: t2 - t1 } };
}

/** The required probes that did not pass (fail or error): these make configure/doctor fail. */
export function requiredFailures(results: readonly ProbeResult[]): ProbeResult[] {
  return results.filter((r) => r.tier === 'required' && (r.status === 'fail' || r.status === 'error'));
}

/** A fact of one probe, when the probe ran and exposes it as the expected type. */
export function factString(results: readonly ProbeResult[], id: string, key: string): string | undefined {
  const v = results.find((r) => r.id === id)?.facts[key];
  return typeof v === 'string' ? v : undefined;
}

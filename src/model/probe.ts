/**
 * The typed result model shared by configure and doctor. A probe returns facts and
 * evidence and never prints; the kernel-db turns facts into a verdict; renderers hold no logic.
 */
import type { ErrorCode } from './errors.js';
import type { Host } from '../host/host.js';

export type Tier = 'required' | 'optional' | 'experimental';
/** system: reads files/settings; userspace: tiny compiled C tests; kernel: kbuild compile tests (need headers). */
export type ProbeKind = 'system' | 'userspace' | 'kernel';
/** pass: fine; warn: works with a caveat; fail: the check failed; skip: not applicable here; error: probe bug. */
export type ProbeStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'error';

export type FactValue = string | number | boolean | null | FactValue[] | { [k: string]: FactValue };
export type Facts = Record<string, FactValue>;

/** One step of the evidence trail: where we looked and what we found there. */
export interface Evidence {
  source: string;
  found: string;
}

export interface ProbeOutcome {
  status: ProbeStatus;
  /** One line: what was found ("6.18.44-fc-v595 x86_64"). */
  summary: string;
  facts: Facts;
  evidence: Evidence[];
  /** Stable code when status is fail/warn. */
  code?: ErrorCode;
  /** The exact fix (a flag, a command) when status is fail/warn. */
  hint?: string;
}

export interface ProbeResult extends ProbeOutcome {
  id: string;
  kind: ProbeKind;
  tier: Tier;
  title: string;
  durationMs: number;
  cached: boolean;
}

/** What the user asked for, as far as probes care. */
export interface ProbeOptions {
  withLinux?: string;
  withSystemMap?: string;
  cc?: string;
  enableKmod?: boolean;
  /** Directory for probe build products and logs (build/probes). */
  workDir: string;
}

export interface ProbeContext {
  host: Host;
  options: ProbeOptions;
  /** Results of the probes named in dependsOn (already run). */
  result(id: string): ProbeResult | undefined;
}

export interface Probe {
  /** Equals the file name: probes/<kind>/<id>.ts; used as HAVE_<ID>, in doctor lines, kernel-db rules, e2e requires. */
  id: string;
  kind: ProbeKind;
  tier: Tier;
  /** "checking for <title>..." */
  title: string;
  dependsOn?: string[];
  run(ctx: ProbeContext): Promise<ProbeOutcome>;
}

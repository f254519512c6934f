/** Typed reads of probe results for the verdict: absent facts read as undefined, never as false. */
import type { FactValue, ProbeResult } from '../model/probe.js';
import type { ErrorCode } from '../model/errors.js';

export type ResultMap = ReadonlyMap<string, ProbeResult>;

export function indexResults(results: readonly ProbeResult[]): Map<string, ProbeResult> {
  return new Map(results.map((r) => [r.id, r]));
}

/** pass and warn count as passing (warn: works with a caveat). */
export function passed(r: ProbeResult | undefined): boolean {
  return r !== undefined && (r.status === 'pass' || r.status === 'warn');
}

function fact(r: ProbeResult | undefined, key: string): FactValue | undefined {
  return r?.facts[key];
}

export function str(r: ProbeResult | undefined, key: string): string | undefined {
  const v = fact(r, key);
  return typeof v === 'string' ? v : undefined;
}

export function bool(r: ProbeResult | undefined, key: string): boolean | undefined {
  const v = fact(r, key);
  return typeof v === 'boolean' ? v : undefined;
}

export function num(r: ProbeResult | undefined, key: string): number | undefined {
  const v = fact(r, key);
  return typeof v === 'number' ? v : undefined;
}

export function obj(r: ProbeResult | undefined, key: string): Record<string, FactValue> | undefined {
  const v = fact(r, key);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** One reason a path is off, in the order it was found. */
export interface Blocker {
  reason: string;
  because: string[];
  code: ErrorCode;
  hint?: string;
}

import type { ErrorCode } from './errors.js';

/** What the kernel-db concludes from the probe facts: which checkpoint paths are on and why. */
export type PathName = 'engine' | 'kmod';

export interface PathVerdict {
  path: PathName;
  enabled: boolean;
  /** One sentence: why on, or exactly why off ("CONFIG_MODULES is not set"). */
  reason: string;
  /** Probe ids / rule ids that decided it. */
  because: string[];
  hint?: string;
  /** Stable code of the blocking reason when the path is off. */
  code?: ErrorCode;
}

export interface RuleFinding {
  /** kernel-db rule or quirk id. */
  id: string;
  severity: 'info' | 'warn' | 'error';
  message: string;
  hint?: string;
  /** Stable code, for findings that correspond to a known failure. */
  code?: ErrorCode;
  /** Probe ids the finding rests on. */
  because?: string[];
}

export interface KernelSupport {
  release: string;
  /** Normalised semver of the release (e.g. 6.12.117). */
  version: string;
  arch: string;
  /** supported | unsupported | untested for the engine on this kernel. */
  status: 'supported' | 'unsupported' | 'untested';
  reason: string;
  /** kernel-db series id (`linux-5.13-6.12`), when the release falls in one. */
  series?: string;
  /** Whose era this kernel belongs to: BLCR's in-kernel module (≤ 3.17) or blcr's userspace engine. */
  era?: 'blcr-in-kernel' | 'engine';
  /** Engine-required features this version predates, as "NAME (VERSION)"; probes decide on a real node. */
  missing?: string[];
  /** What the original in-kernel BLCR did on this kernel (the seed's BLCR 0.5.0 table and later history). */
  legacy?: string[];
  /** The CI matrix row for this exact release, if there is one. */
  proven?: 'proven' | 'pending' | 'failed';
  /** The series notes from the kernel-db. */
  notes?: string;
  /** What to do when unsupported. */
  remedy?: string;
}

export interface Verdict {
  kernel: KernelSupport;
  paths: PathVerdict[];
  findings: RuleFinding[];
  /** True when every required probe passed and the engine path is on. */
  ready: boolean;
  /** Commands configure enables when ready. */
  enabledCommands: string[];
}

/**
 * evaluate(): probe results + kernel-db → the verdict configure and doctor print. Pure: no
 * I/O, no clock. Probes decide; kernel versions (kernelSupport) only explain.
 */
import type { ProbeResult } from '../model/probe.js';
import type { KernelSupport, RuleFinding, Verdict } from '../model/verdict.js';
import { BlcrError } from '../model/errors.js';
import type { KernelDb } from './types.js';
import { kernelSupport } from './kernel-verdict.js';
import { enginePath, optionalFeatureFindings } from './engine-path.js';
import { distroKernelFor, kmodPath } from './kmod-path.js';
import { applicableQuirks } from './quirk-match.js';
import { normalizeRelease } from './version.js';
import { indexResults, passed, str, type ResultMap } from './results.js';

export interface EvaluateOptions {
  /** false: the user asked --disable-kmod; true or undefined: the probes decide. */
  enableKmod?: boolean;
}

/** What configure enables once the node is ready. */
export const ENABLED_COMMANDS = ['cr_checkpoint', 'cr_restart', 'cr_run'] as const;

function kernelOf(results: ResultMap, db: KernelDb): KernelSupport {
  const r = results.get('kernel-release');
  const release = str(r, 'release');
  const arch = str(r, 'arch') ?? 'unknown';
  if (release === undefined) {
    return { release: 'unknown', version: '0.0.0', arch, status: 'untested', reason: 'the kernel-release probe did not report a release' };
  }
  try {
    return kernelSupport(release, arch, db);
  } catch (e) {
    if (!(e instanceof BlcrError)) throw e;
    return { release, version: '0.0.0', arch, status: 'untested', reason: e.message };
  }
}

function kernelFindings(kernel: KernelSupport, engineOn: boolean): RuleFinding[] {
  if (kernel.status === 'supported') return [];
  if (kernel.status === 'untested') {
    return [{ id: 'kernel-untested', severity: 'warn', message: `kernel ${kernel.release}: ${kernel.reason}`, because: ['kernel-release'] }];
  }
  const message = engineOn
    ? `the kernel-db marks ${kernel.release} unsupported (${kernel.reason}), yet every required probe passed: the distribution backports what the engine needs`
    : `kernel ${kernel.release}: ${kernel.reason}`;
  const f: RuleFinding = { id: 'kernel-unsupported', severity: engineOn ? 'info' : 'error', message, code: 'BLCR_E_KERNEL_UNSUPPORTED', because: ['kernel-release'] };
  if (!engineOn && kernel.remedy !== undefined) f.hint = kernel.remedy;
  return [f];
}

function quirkFindings(results: ResultMap, db: KernelDb, kernel: KernelSupport, modulesOn: boolean): RuleFinding[] {
  if (kernel.release === 'unknown' || kernel.version === '0.0.0') return [];
  const release = normalizeRelease(kernel.release);
  const paths = modulesOn ? (['engine', 'kmod', 'toolchain'] as const) : (['engine', 'toolchain'] as const);
  return applicableQuirks(db.quirks, { release, arch: kernel.arch, results }, [...paths]).map((q) => {
    const f: RuleFinding = { id: q.id, severity: q.severity, message: q.message, because: (q.when ?? []).map((c) => c.probe.split('/')[1] ?? c.probe) };
    if (q.remedy !== undefined) f.hint = q.remedy;
    return f;
  });
}

function compilerFindings(results: ResultMap): RuleFinding[] {
  const r = results.get('compiler');
  if (str(r, 'match') !== 'unknown') return [];
  return [{ id: 'compiler-unknown', severity: 'warn', message: `cannot tell which compiler built the kernel (${str(r, 'cc') ?? 'CC'} is ${str(r, 'ccVersion') ?? 'unknown'}); a mismatch would show as "Invalid module format" at load`, hint: 'pass CC=/usr/bin/gcc-N matching /proc/version', code: 'BLCR_E_CC_MISMATCH', because: ['compiler'] }];
}

function distroFindings(kernel: KernelSupport, db: KernelDb): RuleFinding[] {
  const m = distroKernelFor(kernel.release, db);
  if (m === undefined) return [];
  const parts = [`${m.distro.name}, ${m.kernel.suite} kernel line: the module must be built with ${m.kernel.cc}`];
  if (m.kernel.notes !== undefined) parts.push(m.kernel.notes);
  if (m.distro.notes !== undefined) parts.push(m.distro.notes);
  return [{ id: `distro:${m.distro.id}`, severity: 'info', message: parts.join('. ') }];
}

/** Decide which checkpoint paths are on for this node, and why. */
export function evaluate(results: ProbeResult[], db: KernelDb, options: EvaluateOptions = {}): Verdict {
  const byId = indexResults(results);
  const kernel = kernelOf(byId, db);
  const kmodInput = { results: byId, db, release: kernel.release, ...(options.enableKmod === undefined ? {} : { enableKmod: options.enableKmod }) };
  const kmod = kmodPath(kmodInput);
  const engine = enginePath({ results: byId, db, release: kernel.release, kmodOn: kmod.enabled });
  const modulesOn = kmod.enabled || !kmod.because.includes('module-support');
  const findings: RuleFinding[] = [
    ...engine.findings,
    ...kernelFindings(kernel, engine.path.enabled),
    ...optionalFeatureFindings(byId, db),
    ...quirkFindings(byId, db, kernel, modulesOn),
    ...compilerFindings(byId),
    ...distroFindings(kernel, db),
  ];
  const requiredPass = results.filter((r) => r.tier === 'required').every((r) => passed(r));
  const ready = requiredPass && engine.path.enabled;
  return {
    kernel,
    paths: [engine.path, kmod],
    findings,
    ready,
    enabledCommands: ready ? [...ENABLED_COMMANDS] : [],
  };
}

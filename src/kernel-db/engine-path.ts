/**
 * The userspace engine path: on when the kernel was built with CONFIG_CHECKPOINT_RESTORE,
 * every feature the db marks `need: engine` was probed and passed, and ptrace scope and
 * capabilities let this user seize and restore. Off: the first blocker, stated precisely.
 */
import type { PathVerdict, RuleFinding } from '../model/verdict.js';
import type { Feature, KernelDb } from './types.js';
import { compareReleases } from './version.js';
import { bool, num, passed, type Blocker, type ResultMap } from './results.js';
import { conditionHolds } from './quirk-match.js';

export interface EngineInput {
  results: ResultMap;
  db: KernelDb;
  release: string;
  /** The kernel-module path is on (its pid helper can stand in for CAP_CHECKPOINT_RESTORE). */
  kmodOn: boolean;
}

export function probeIdOf(f: Feature): string | undefined {
  return f.probe?.split('/')[1];
}

function featureBlockers({ results, db }: EngineInput): Blocker[] {
  const required = db.features.filter((f) => f.need === 'engine').sort((a, b) => compareReleases(a.since, b.since));
  const out: Blocker[] = [];
  for (const f of required) {
    const id = probeIdOf(f);
    if (id === undefined) continue;
    const r = results.get(id);
    if (passed(r)) continue;
    const what = `${f.name} (Linux ${f.since}) is not available`;
    const found = r === undefined ? `the ${id} probe did not run` : r.summary;
    out.push({
      reason: `${what}: ${found}`,
      because: [id],
      code: 'BLCR_E_FEATURE_MISSING',
      hint: r?.hint ?? f.remedy ?? `a kernel >= ${f.since} (or one that backports it) is needed for ${f.usedFor}`,
    });
  }
  return out;
}

function permissionBlockers({ results, kmodOn, release }: EngineInput, findings: RuleFinding[]): Blocker[] {
  const out: Blocker[] = [];
  const scopeResult = results.get('ptrace-scope');
  const caps = results.get('capabilities');
  const scope = num(scopeResult, 'scope');
  const sysPtrace = bool(caps, 'CAP_SYS_PTRACE');
  if (scope === 3) {
    out.push({
      reason: 'ptrace is disabled (kernel.yama.ptrace_scope=3): no process can be seized',
      because: ['ptrace-scope'],
      code: 'BLCR_E_PTRACE_SCOPE',
      hint: 'ptrace_scope 3 cannot be lowered until reboot: put kernel.yama.ptrace_scope=1 in /etc/sysctl.d/ and reboot',
    });
  } else if (scope === 2 && sysPtrace === false) {
    out.push({
      reason: 'kernel.yama.ptrace_scope=2 lets only CAP_SYS_PTRACE holders attach, and this user lacks it',
      because: ['ptrace-scope', 'capabilities'],
      code: 'BLCR_E_PTRACE_SCOPE',
      hint: 'run cr_checkpoint as root, or sysctl -w kernel.yama.ptrace_scope=1',
    });
  } else if (scope === 1 && sysPtrace === false) {
    findings.push({
      id: 'ptrace-scope-1',
      severity: 'warn',
      message: 'kernel.yama.ptrace_scope=1: without CAP_SYS_PTRACE, cr_checkpoint can seize only its own descendants',
      hint: 'run cr_checkpoint as root, or sysctl -w kernel.yama.ptrace_scope=0',
      code: 'BLCR_E_PTRACE_SCOPE',
      because: ['ptrace-scope', 'capabilities'],
    });
  }
  if (caps === undefined || !passed(caps) && Object.keys(caps.facts).length === 0) return out;
  const known = bool(caps, 'checkpointRestoreKnown') !== false;
  const canRestorePids = bool(caps, 'CAP_SYS_ADMIN') === true || (known && bool(caps, 'CAP_CHECKPOINT_RESTORE') === true);
  if (canRestorePids) return out;
  if (kmodOn) {
    findings.push({ id: 'pid-restore-helper', severity: 'info', message: 'no CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN: cr_restart restores pids through the blcr module (/dev/blcr)', because: ['capabilities'] });
    return out;
  }
  const uid = num(caps, 'uid');
  out.push({
    reason: `neither CAP_CHECKPOINT_RESTORE nor CAP_SYS_ADMIN is held${uid === undefined ? '' : ` (uid ${uid})`} and the kernel-module pid helper is off: cr_restart cannot give restored tasks their original pids`,
    because: ['capabilities'],
    code: 'BLCR_E_NO_CAPABILITY',
    hint: known
      ? 'run cr_restart as root, or grant the capability: setcap cap_checkpoint_restore+ep build/bin/cr_restart'
      : `kernel ${release} predates CAP_CHECKPOINT_RESTORE (5.9): run cr_restart as root, or load the blcr module (./configure --enable-kmod)`,
  });
  return out;
}

/** Optional features the node lacks: info findings naming the fallback. */
export function optionalFeatureFindings(results: ResultMap, db: KernelDb): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const f of db.features) {
    if (f.need !== 'engine-optional' || f.probe === undefined) continue;
    const answer = f.fact === undefined
      ? conditionHolds({ probe: f.probe, status: ['pass', 'warn'] }, results)
      : conditionHolds({ probe: f.probe, fact: f.fact, in: [true, 'y', 'm'] }, results);
    if (answer !== false) continue;
    out.push({
      id: `feature:${f.id}`,
      severity: 'info',
      message: `${f.name} (Linux ${f.since}) is not available${f.fallback === undefined ? '' : `: ${f.fallback}`} (used for ${f.usedFor})`,
      because: [probeIdOf(f) ?? f.probe],
    });
  }
  return out;
}

export function enginePath(input: EngineInput): { path: PathVerdict; findings: RuleFinding[] } {
  const findings: RuleFinding[] = [];
  const blockers: Blocker[] = [];
  const config = input.results.get('kernel-config');
  if (passed(config) && bool(config, 'checkpointRestore') === false) {
    blockers.push({
      reason: `CONFIG_CHECKPOINT_RESTORE is not set (kernel ${input.release} cannot checkpoint or restore processes from userspace)`,
      because: ['kernel-config'],
      code: 'BLCR_E_FEATURE_MISSING',
      hint: 'boot a kernel built with CONFIG_CHECKPOINT_RESTORE=y (most distribution kernels are)',
    });
  }
  blockers.push(...featureBlockers(input), ...permissionBlockers(input, findings));
  for (const b of blockers) findings.push({ id: `engine:${b.because[0] ?? 'engine'}`, severity: 'error', message: b.reason, code: b.code, because: b.because, ...(b.hint === undefined ? {} : { hint: b.hint }) });
  const first = blockers[0];
  if (first !== undefined) {
    const path: PathVerdict = { path: 'engine', enabled: false, reason: first.reason, because: first.because, code: first.code };
    if (first.hint !== undefined) path.hint = first.hint;
    return { path, findings };
  }
  const required = input.db.features.filter((f) => f.need === 'engine').sort((a, b) => compareReleases(a.since, b.since));
  const ids = required.map(probeIdOf).filter((id): id is string => id !== undefined);
  return {
    path: {
      path: 'engine',
      enabled: true,
      reason: `every interface the userspace engine requires was probed on kernel ${input.release}: ${required.map((f) => f.name).join(', ')}`,
      because: ['kernel-config', ...ids, 'ptrace-scope', 'capabilities'],
    },
    findings,
  };
}

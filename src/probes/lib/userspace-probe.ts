/**
 * Userspace feature tests: probes/userspace/<id>.c is compiled with $CC into
 * <workDir>/userspace/<id>, run once, and its "key=value" stdout becomes the facts.
 * Every C test prints `result=pass|fail|skip` and `reason=...`; all other keys are facts.
 */
import os from 'node:os';
import path from 'node:path';
import type { ErrorCode } from '../../model/errors.js';
import type { FactValue, Facts, Probe, ProbeContext, ProbeOutcome, Tier } from '../../model/probe.js';
import { PROBES_SRC_DIR } from '../../util/paths.js';
import { limiter } from './limit.js';
import { firstLine, Trail } from './trail.js';

export interface UserspaceSpec {
  id: string;
  tier: Tier;
  title: string;
  /** Code and exact fix reported when the feature is missing. */
  code: ErrorCode;
  hint: string;
  dependsOn?: string[];
}

const compileSlots = limiter(Math.max(1, Math.min(2, os.cpus().length)));

export function ccOf(ctx: ProbeContext): string {
  return ctx.options.cc ?? ctx.host.env('CC') ?? 'cc';
}

export function parseKeyValues(stdout: string): Facts {
  const facts: Facts = {};
  for (const line of stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    facts[line.slice(0, eq).trim()] = typed(line.slice(eq + 1).trim());
  }
  return facts;
}

function typed(v: string): FactValue {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^-?\d{1,15}$/.test(v)) return Number(v);
  return v;
}

export function userspaceProbe(spec: UserspaceSpec): Probe {
  return {
    id: spec.id,
    kind: 'userspace',
    tier: spec.tier,
    title: spec.title,
    ...(spec.dependsOn ? { dependsOn: spec.dependsOn } : {}),
    run: (ctx) => compileSlots(() => runTest(ctx, spec)),
  };
}

async function runTest(ctx: ProbeContext, spec: UserspaceSpec): Promise<ProbeOutcome> {
  const { host } = ctx;
  const trail = new Trail();
  const cc = ccOf(ctx);
  const src = path.join(PROBES_SRC_DIR, 'userspace', `${spec.id}.c`);
  const dir = path.join(ctx.options.workDir, 'userspace');
  const bin = path.join(dir, spec.id);
  await host.mkdirp(dir);
  const built = await host.exec(cc, ['-O1', '-pipe', '-w', '-o', bin, src], { timeoutMs: 60_000 });
  trail.add(`${cc} -o ${bin} ${src}`, built.failed ? `failed (exit ${built.exitCode}): ${firstLine(built.stderr) || 'no output'}` : 'compiled');
  if (built.failed) {
    const noCc = built.exitCode < 0 || /ENOENT|not found/.test(built.stderr);
    return {
      status: 'fail',
      summary: noCc ? `no C compiler (${cc})` : 'test program did not compile',
      facts: { compiled: false },
      evidence: trail.list,
      code: noCc ? 'BLCR_E_NO_CC' : 'BLCR_E_BUILD_FAILED',
      hint: noCc ? 'install a C compiler (apt-get install gcc) or pass CC=/path/to/cc' : `see ${src}; compile it by hand: ${cc} -o /tmp/t ${src}`,
    };
  }
  const ran = await host.exec(bin, [], { timeoutMs: 10_000 });
  const facts = parseKeyValues(ran.stdout);
  const result = facts.result;
  const reason = typeof facts.reason === 'string' ? facts.reason : '';
  delete facts.result;
  delete facts.reason;
  trail.add(bin, `exit ${ran.exitCode}: ${ran.stdout.trim().split('\n').join(', ') || firstLine(ran.stderr)}`);
  if (result === 'pass') return { status: 'pass', summary: reason || 'yes', facts: { ...facts, supported: true }, evidence: trail.list };
  if (result === 'skip') return { status: 'skip', summary: reason || 'not applicable', facts: { ...facts, supported: null }, evidence: trail.list };
  return {
    status: 'fail',
    summary: reason || (ran.failed ? `test program crashed (exit ${ran.exitCode})` : 'no'),
    facts: { ...facts, supported: false },
    evidence: trail.list,
    code: spec.code,
    hint: spec.hint,
  };
}

/**
 * configure, after option parsing: probe → verdict → outputs → build pipeline → enable →
 * summary. Every dependency is injected (host, probes, kernel-db, output, paths) so the
 * whole flow runs in unit tests on fixed results.
 */
import path from 'node:path';
import type { Host } from '../host/host.js';
import type { ProbeOptions } from '../model/probe.js';
import type { Verdict } from '../model/verdict.js';
import { BlcrError, EXIT_FAILED, EXIT_OK } from '../model/errors.js';
import { assess, requiredFailures, type AssessDeps } from './assess.js';
import type { ConfigureOptions } from './options.js';
import { applyKmodChoice, chooseKernelTree, chooseSystemMap, type Decision } from './decisions.js';
import { outputFiles, writeConfigH, writeConfigJson, writeConfigLog, writeConfigStatus, type ConfigJson, type OutputPaths } from './outputs.js';
import { renderChecking, renderFailures, renderSummary } from '../render/autoconf-lines.js';
import { chooseRenderer, runPipeline, BUILD_STEPS, type RendererChoice } from '../build/pipeline.js';
import type { BuildContext, BuildStep } from '../build/build-context.js';
import { enabledCommands } from '../build/enable-step.js';

export interface ConfigureEnv extends OutputPaths {
  host: Host;
  deps: AssessDeps;
  version: string;
  /** Lines logged so far by the host (config.log's body). */
  logLines: () => readonly string[];
  out: (text: string) => void;
  tty: boolean;
  nodePath: string;
  skipNativeWhenAbsent: boolean;
  steps?: readonly BuildStep[];
  /** Overrides the listr2 renderer choice (tests use 'silent'). */
  renderer?: RendererChoice;
}

export async function runConfigure(opts: ConfigureOptions, env: ConfigureEnv): Promise<number> {
  const { host } = env;
  const t0 = host.now();
  const configuredAt = new Date(t0).toISOString();
  const say = (lines: readonly string[]): void => {
    if (!opts.quiet && !opts.json && lines.length > 0) env.out(lines.join('\n') + '\n');
  };
  const { argv: _argv, help: _h, version: _v, ...optionFacts } = opts;
  const cfg: ConfigJson = {
    schemaVersion: 1,
    tool: { name: 'blcr', version: env.version },
    configuredAt,
    ok: false,
    argv: opts.argv,
    options: optionFacts,
    host: { ...host.uname(), uid: host.uid() },
    decisions: [],
    results: [],
    verdict: null,
    build: [],
    commands: { enabled: [], notBuilt: [] },
    timings: { probesMs: 0, verdictMs: 0, buildMs: 0, totalMs: 0 },
  };
  host.log(`blcr ${env.version} configure, ${configuredAt}`);
  host.log(`  $ ./configure ${opts.argv.join(' ')}`);
  host.log(`  uname: ${cfg.host.sysname} ${cfg.host.release} ${cfg.host.version} ${cfg.host.machine}; uid ${cfg.host.uid}`);

  const finish = async (code: number): Promise<number> => {
    cfg.timings.totalMs = host.now() - t0;
    host.log(`configure: exit ${code} after ${cfg.timings.totalMs} ms`);
    await writeConfigJson(env, cfg);
    await writeConfigLog(env, env.logLines());
    if (opts.json) env.out(JSON.stringify(cfg, null, 2) + '\n');
    return code;
  };

  try {
    const probeOptions: ProbeOptions = { workDir: path.join(env.buildDir, 'probes') };
    if (opts.withLinux) probeOptions.withLinux = opts.withLinux;
    if (opts.withSystemMap) probeOptions.withSystemMap = opts.withSystemMap;
    if (opts.cc) probeOptions.cc = opts.cc;
    if (opts.enableKmod !== undefined) probeOptions.enableKmod = opts.enableKmod;
    const a = await assess(host, probeOptions, env.deps, opts.fresh);
    cfg.results = a.results;
    cfg.timings.probesMs = a.timings.probesMs;
    cfg.timings.verdictMs = a.timings.verdictMs;
    for (const r of a.results) {
      host.log(`probe ${r.id} [${r.tier}] ${r.status}${r.cached ? ' (cached)' : ''}: ${r.summary}`);
      for (const e of r.evidence) host.log(`  ${e.source}: ${e.found}`);
      if (r.hint && r.status !== 'pass') host.log(`  fix: ${r.hint}`);
    }
    say(renderChecking(a.results));

    const failed = requiredFailures(a.results);
    cfg.verdict = a.verdict;
    if (failed.length > 0) {
      const lines = renderFailures(failed);
      env.out(lines.join('\n') + '\n');
      for (const l of lines) host.log(l);
      cfg.error = { code: failed[0]?.code ?? 'BLCR_E_FEATURE_MISSING', message: `${failed.length} required check(s) failed: ${failed.map((f) => f.id).join(', ')}` };
      return await finish(EXIT_FAILED);
    }
    const { verdict, decision } = applyKmodChoice(a.verdict, opts.enableKmod);
    cfg.verdict = verdict;
    const tree = chooseKernelTree(opts, a.results);
    const map = chooseSystemMap(opts, a.results);
    cfg.decisions.push(decision, tree, map, { what: 'cc', value: opts.cc ?? null, why: opts.ccFrom });
    requireEngine(verdict);
    const changed = await writeConfigH(env, a.results, verdict, env.version);
    host.log(`native/config.h ${changed ? 'written' : 'unchanged'}`);

    const ctx: BuildContext = {
      host,
      root: env.root,
      buildDir: env.buildDir,
      nativeDir: env.nativeDir,
      verdict,
      results: a.results,
      skipNativeWhenAbsent: env.skipNativeWhenAbsent,
      configuredAt,
      nodePath: env.nodePath,
    };
    if (opts.cc) ctx.cc = opts.cc;
    if (typeof tree.value === 'string') ctx.withLinux = tree.value;
    if (typeof map.value === 'string') ctx.systemMap = map.value;
    const tb = host.now();
    try {
      cfg.build = await runPipeline(ctx, env.renderer ?? chooseRenderer({ quiet: opts.quiet, json: opts.json, tty: env.tty }), env.steps ?? BUILD_STEPS);
    } finally {
      cfg.timings.buildMs = host.now() - tb;
    }
    cfg.commands = await enabledCommands(ctx);
    cfg.ok = true;
    await writeConfigStatus(env, cfg, opts);
    const files = outputFiles(env);
    say(
      renderSummary({
        verdict,
        enabled: ['blcr', ...cfg.commands.enabled],
        notBuilt: cfg.commands.notBuilt,
        binDir: path.join(env.buildDir, 'bin'),
        prefix: opts.prefix,
        outputs: [files.log, files.status, files.json, files.header].map((f) => path.relative(env.root, f)),
      }),
    );
    if (opts.quiet && !opts.json) env.out(quietSummary(verdict, cfg.commands.enabled));
    return await finish(EXIT_OK);
  } catch (err) {
    if (err instanceof BlcrError) {
      cfg.error = { code: err.code, message: err.message };
      if (err.hint) cfg.error.hint = err.hint;
      host.log(`configure: error: ${err.message}`);
    } else {
      cfg.error = { code: 'BLCR_E_INTERNAL', message: err instanceof Error ? err.message : String(err) };
      host.log(`configure: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    await finish(err instanceof BlcrError ? err.exitCode : EXIT_FAILED);
    throw err;
  }
}

/** The engine path off means nothing can be enabled: configure fails with the verdict's reason. */
function requireEngine(verdict: Verdict): void {
  const engine = verdict.paths.find((p) => p.path === 'engine');
  if (engine?.enabled && verdict.ready) return;
  const reason = engine?.reason ?? verdict.kernel.reason;
  throw new BlcrError(verdict.kernel.status === 'unsupported' ? 'BLCR_E_KERNEL_UNSUPPORTED' : 'BLCR_E_FEATURE_MISSING', `the userspace engine cannot run on this node: ${reason}`, {
    hint: engine?.hint ?? 'run `blcr doctor` for every check and its fix',
  });
}

function quietSummary(verdict: Verdict, enabled: readonly string[]): string {
  const paths = verdict.paths.map((p) => `${p.path} ${p.enabled ? 'on' : `off: ${p.reason}`}`).join('; ');
  return `configure: ${paths}; enabled: ${['blcr', ...enabled].join(', ')}\n`;
}

/** Test doubles for configure/doctor/build: an in-memory Host, fixed probe results, a fixed verdict. */
import type { ExecOptions, ExecResult, Host, Uname } from '../../../src/host/host.js';
import type { Probe, ProbeResult } from '../../../src/model/probe.js';
import type { Verdict } from '../../../src/model/verdict.js';
import type { AssessDeps } from '../../../src/configure/assess.js';

export class FakeHost implements Host {
  readonly files = new Map<string, string | Buffer>();
  readonly execs: { file: string; args: string[]; opts: ExecOptions | undefined }[] = [];
  readonly logged: string[] = [];
  execResult: (file: string, args: string[]) => Partial<ExecResult> = () => ({});
  clock = 1_700_000_000_000;
  uidValue = 0;
  envs: Record<string, string> = {};

  uname(): Uname {
    return { sysname: 'Linux', release: '6.18.44-fc-v595', version: '#1 SMP PREEMPT_DYNAMIC Tue Nov 4 2025', machine: 'x86_64' };
  }
  env(name: string): string | undefined {
    return this.envs[name];
  }
  async readFile(p: string): Promise<Buffer | undefined> {
    const v = this.files.get(p);
    return v === undefined ? undefined : Buffer.from(v);
  }
  async readText(p: string): Promise<string | undefined> {
    return (await this.readFile(p))?.toString('utf8');
  }
  async exists(p: string): Promise<boolean> {
    return this.files.has(p) || [...this.files.keys()].some((k) => k.startsWith(`${p}/`));
  }
  async isDirectory(p: string): Promise<boolean> {
    return [...this.files.keys()].some((k) => k.startsWith(`${p}/`));
  }
  async readdir(p: string): Promise<string[]> {
    const names = new Set<string>();
    for (const k of this.files.keys()) if (k.startsWith(`${p}/`)) names.add(k.slice(p.length + 1).split('/')[0] as string);
    return [...names].sort();
  }
  async glob(dir: string, pattern: RegExp): Promise<string[]> {
    return (await this.readdir(dir)).filter((n) => pattern.test(n)).map((n) => `${dir}/${n}`);
  }
  async exec(file: string, args: string[], opts?: ExecOptions): Promise<ExecResult> {
    this.execs.push({ file, args, opts });
    const r = this.execResult(file, args);
    const exitCode = r.exitCode ?? 0;
    return { command: [file, ...args].join(' '), exitCode, stdout: r.stdout ?? '', stderr: r.stderr ?? '', failed: exitCode !== 0 };
  }
  async writeFile(p: string, data: string | Buffer): Promise<void> {
    this.files.set(p, data);
  }
  async mkdirp(): Promise<void> {}
  uid(): number {
    return this.uidValue;
  }
  now(): number {
    return (this.clock += 5);
  }
  log(line: string): void {
    this.logged.push(line);
  }
}

export function result(id: string, over: Partial<ProbeResult> = {}): ProbeResult {
  return {
    id,
    kind: 'system',
    tier: 'required',
    title: id.replace(/-/g, ' '),
    status: 'pass',
    summary: 'yes',
    facts: {},
    evidence: [],
    durationMs: 1,
    cached: false,
    ...over,
  };
}

/** This host as the probes describe it: 6.18.44, modules off, no headers, Debian's stub System.map absent. */
export function hostResults(): ProbeResult[] {
  return [
    result('kernel-release', { title: 'kernel release', summary: '6.18.44-fc-v595 x86_64', facts: { release: '6.18.44-fc-v595', version: '#1 SMP', arch: 'x86_64', procVersion: 'Linux version 6.18.44' } }),
    result('kernel-config', { title: 'kernel configuration', summary: '/proc/config.gz', facts: { source: '/proc/config.gz', hash: 'abc123', modules: false, checkpointRestore: true, options: {} } }),
    result('kernel-headers', {
      tier: 'optional',
      title: 'configured kernel headers',
      status: 'fail',
      summary: 'none found',
      code: 'BLCR_E_NO_HEADERS',
      hint: 'apt-get install linux-headers-$(uname -r), or pass --with-linux=DIR',
      evidence: [{ source: '/lib/modules/6.18.44-fc-v595/build', found: 'missing' }],
      facts: { dir: null, matchesRunning: false, configured: false, sourceOnly: false },
    }),
    result('ptrace-seize', { kind: 'userspace', title: 'PTRACE_SEIZE', summary: 'yes' }),
    result('module-support', { tier: 'optional', title: 'loadable module support', status: 'skip', summary: 'CONFIG_MODULES is not set', facts: { modules: false, reason: 'CONFIG_MODULES is not set' } }),
  ];
}

export function hostVerdict(over: Partial<Verdict> = {}): Verdict {
  return {
    kernel: { release: '6.18.44-fc-v595', version: '6.18.44', arch: 'x86_64', status: 'supported', reason: 'every feature the engine needs is there since 5.9' },
    paths: [
      { path: 'engine', enabled: true, reason: 'every required userspace feature passed', because: ['ptrace-seize'] },
      { path: 'kmod', enabled: false, reason: 'CONFIG_MODULES is not set', because: ['module-support'], hint: 'rebuild the kernel with CONFIG_MODULES=y' },
    ],
    findings: [],
    ready: true,
    enabledCommands: ['cr_checkpoint', 'cr_restart', 'cr_run'],
    ...over,
  };
}

export function fakeDeps(results: ProbeResult[], verdict: Verdict): AssessDeps & { runs: { fresh: boolean | undefined }[] } {
  const runs: { fresh: boolean | undefined }[] = [];
  return {
    runs,
    loadProbes: async (): Promise<Probe[]> => [],
    runProbes: async (opts) => {
      runs.push({ fresh: opts.fresh });
      return results;
    },
    verdict: () => verdict,
  };
}

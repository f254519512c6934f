import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runConfigure, type ConfigureEnv } from '../../../src/configure/run-configure.js';
import { parseConfigureArgs } from '../../../src/configure/options.js';
import type { BuildStep } from '../../../src/build/build-context.js';
import type { ConfigJson } from '../../../src/configure/outputs.js';
import type { ProbeResult } from '../../../src/model/probe.js';
import type { Verdict } from '../../../src/model/verdict.js';
import { FakeHost, fakeDeps, hostResults, hostVerdict, result } from './helpers.js';

let root: string;
let out: string;
let ran: string[];

const steps: BuildStep[] = (['engine', 'kmod', 'load', 'enable'] as const).map((id) => ({
  id,
  title: id,
  run: async () => {
    ran.push(id);
    return { state: 'done' as const, detail: `${id} ok` };
  },
}));

function env(results: ProbeResult[] = hostResults(), verdict: Verdict = hostVerdict()): ConfigureEnv {
  const host = new FakeHost();
  return {
    host,
    deps: fakeDeps(results, verdict),
    version: '0.9.0',
    logLines: () => host.logged,
    out: (s) => void (out += s),
    tty: false,
    nodePath: process.execPath,
    skipNativeWhenAbsent: false,
    root,
    buildDir: path.join(root, 'build'),
    nativeDir: path.join(root, 'native'),
    steps,
    renderer: 'silent',
  };
}

const configJson = (): ConfigJson => JSON.parse(readFileSync(path.join(root, 'build', 'config.json'), 'utf8')) as ConfigJson;
const opts = (argv: string[]) => parseConfigureArgs(argv, () => undefined);

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blcr-configure-'));
  out = '';
  ran = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('runConfigure', () => {
  it('probes, writes every output, builds, enables, and says which paths are on and why', async () => {
    expect(await runConfigure(opts(['--prefix=/opt/blcr']), env())).toBe(0);
    expect(out).toContain('checking for kernel release... 6.18.44-fc-v595 x86_64');
    expect(out).toContain('  kernel module helper: off — CONFIG_MODULES is not set');
    expect(out).toContain('  userspace engine: on — every required userspace feature passed');
    expect(ran).toEqual(['engine', 'kmod', 'load', 'enable']);
    const cfg = configJson();
    expect(cfg).toMatchObject({ ok: true, argv: ['--prefix=/opt/blcr'], options: { prefix: '/opt/blcr' }, verdict: hostVerdict() });
    expect(cfg.results.map((r) => r.id)).toEqual(hostResults().map((r) => r.id));
    expect(cfg.decisions.map((d) => d.what)).toEqual(['kmod', 'with-linux', 'system-map', 'cc']);
    expect(cfg.build.map((b) => b.id)).toEqual(['engine', 'kmod', 'load', 'enable']);
    expect(readFileSync(path.join(root, 'native', 'config.h'), 'utf8')).toContain('#define HAVE_PTRACE_SEIZE 1');
    expect(statSync(path.join(root, 'config.status')).mode & 0o100).toBe(0o100);
    expect(readFileSync(path.join(root, 'config.status'), 'utf8')).toContain(`${path.join(root, 'configure')} --prefix=/opt/blcr "$@"`);
    expect(readFileSync(path.join(root, 'config.log'), 'utf8')).toMatch(/probe kernel-headers \[optional\] fail: none found/);
  });

  it('prints nothing but one summary line with --quiet, and only JSON with --json', async () => {
    await runConfigure(opts(['--quiet']), env());
    expect(out).toBe('configure: engine on; kmod off: CONFIG_MODULES is not set; enabled: blcr\n');
    out = '';
    await runConfigure(opts(['--json']), env());
    expect(JSON.parse(out)).toEqual(configJson());
  });

  it('passes --fresh and the paths to the probes', async () => {
    const e = env();
    await runConfigure(opts(['--fresh', '--quiet']), e);
    expect((e.deps as ReturnType<typeof fakeDeps>).runs).toEqual([{ fresh: true }]);
  });

  it('exits 1 on a required failure, printing its evidence and fix, and writes no config.h/config.status', async () => {
    const failing = [
      ...hostResults(),
      result('ptrace-scope', { title: 'yama ptrace scope', status: 'fail', summary: 'ptrace disabled (3)', code: 'BLCR_E_PTRACE_SCOPE', hint: 'reboot: scope 3 cannot be lowered', evidence: [{ source: '/proc/sys/kernel/yama/ptrace_scope', found: '3' }] }),
    ];
    expect(await runConfigure(opts([]), env(failing))).toBe(1);
    expect(out).toContain('configure: error: yama ptrace scope: ptrace disabled (3)\n  /proc/sys/kernel/yama/ptrace_scope: 3\n  fix: reboot: scope 3 cannot be lowered  (BLCR_E_PTRACE_SCOPE)');
    expect(ran).toEqual([]);
    expect(configJson()).toMatchObject({ ok: false, error: { code: 'BLCR_E_PTRACE_SCOPE' } });
    expect(existsSync(path.join(root, 'config.status'))).toBe(false);
    expect(existsSync(path.join(root, 'native', 'config.h'))).toBe(false);
    expect(existsSync(path.join(root, 'config.log'))).toBe(true);
  });

  it('--enable-kmod on a kernel without modules is an error naming why', async () => {
    await expect(runConfigure(opts(['--enable-kmod']), env())).rejects.toMatchObject({ code: 'BLCR_E_NO_MODULES', message: expect.stringContaining('CONFIG_MODULES is not set') });
    expect(configJson()).toMatchObject({ ok: false, error: { code: 'BLCR_E_NO_MODULES' } });
  });

  it('--disable-kmod turns an available module path off', async () => {
    const on = hostVerdict({ paths: [hostVerdict().paths[0]!, { path: 'kmod', enabled: true, reason: 'headers match', because: [] }] });
    await runConfigure(opts(['--disable-kmod']), env(hostResults(), on));
    expect(out).toContain('  kernel module helper: off — disabled with --disable-kmod');
  });

  it('fails when the engine path is off, with the verdict\'s reason', async () => {
    const off = hostVerdict({
      ready: false,
      kernel: { release: '3.2.0', version: '3.2.0', arch: 'x86_64', status: 'unsupported', reason: 'too old' },
      paths: [{ path: 'engine', enabled: false, reason: 'PTRACE_SEIZE needs Linux 3.4', because: [], hint: 'run a kernel >= 3.18' }],
    });
    await expect(runConfigure(opts(['--quiet']), env(hostResults(), off))).rejects.toMatchObject({ code: 'BLCR_E_KERNEL_UNSUPPORTED', hint: 'run a kernel >= 3.18' });
  });
});

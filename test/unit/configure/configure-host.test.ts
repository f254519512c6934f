/**
 * Integration: the real ./configure --quiet on this host. Asserts what issue 2 demands on
 * this machine: exit 0, the engine path on, the module path off because CONFIG_MODULES is
 * not set (when the running kernel's config says so), build/config.json written.
 */
import { describe, it, expect } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT } from '../../../src/util/paths.js';
import type { ConfigJson } from '../../../src/configure/outputs.js';

function runConfigure(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(path.join(ROOT, 'configure'), args, { cwd: ROOT, env, timeout: 280_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

function modulesDisabled(): boolean | undefined {
  try {
    return /^# CONFIG_MODULES is not set$/m.test(gunzipSync(readFileSync('/proc/config.gz')).toString('utf8'));
  } catch {
    return undefined;
  }
}

describe('./configure on this host', () => {
  it('succeeds, enables the engine, explains the module path, writes build/config.json', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // The knob exists only for a tree without the native engine's Makefile.
    if (!existsSync(path.join(ROOT, 'native', 'Makefile'))) env.BLCR_SKIP_NATIVE_BUILD = '1';
    const r = await runConfigure(['--quiet'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^configure: engine on; kmod (on|off: .+); enabled: blcr/);
    const cfg = JSON.parse(readFileSync(path.join(ROOT, 'build', 'config.json'), 'utf8')) as ConfigJson;
    expect(cfg.ok).toBe(true);
    const engine = cfg.verdict?.paths.find((p) => p.path === 'engine');
    const kmod = cfg.verdict?.paths.find((p) => p.path === 'kmod');
    expect(engine?.enabled).toBe(true);
    if (modulesDisabled() === true) {
      expect(kmod?.enabled).toBe(false);
      expect(kmod?.reason).toContain('CONFIG_MODULES is not set');
    }
    expect(cfg.results.find((x) => x.id === 'kernel-release')?.facts.release).toBe(cfg.host.release);
    expect(readFileSync(path.join(ROOT, 'native', 'config.h'), 'utf8')).toContain('#define HAVE_KERNEL_RELEASE 1');
    expect(readFileSync(path.join(ROOT, 'build', 'etc', 'blcr', 'enabled'), 'utf8')).toContain(`release=${cfg.host.release}\n`);
    expect(existsSync(path.join(ROOT, 'config.status'))).toBe(true);
  }, 300_000);

  it('rejects an unknown flag and a missing path with one line and exit 2', async () => {
    const bad = await runConfigure(['--with-linx=/tmp'], process.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^configure: error: unknown option --with-linx\n  hint: .+\n$/);
    const missing = await runConfigure(['--with-system-map=/nonexistent/System.map'], process.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^configure: error: --with-system-map=\/nonexistent\/System.map: no such file\n  hint: .+\n$/);
  }, 120_000);
});

import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { RealHost } from '../../../src/host/real-host.js';
import type { BuildContext } from '../../../src/build/build-context.js';
import { buildEngine, buildKmod } from '../../../src/build/native-steps.js';
import { loadKmod } from '../../../src/build/load-step.js';
import { enable, parseEnabled } from '../../../src/build/enable-step.js';
import { chooseRenderer, runPipeline } from '../../../src/build/pipeline.js';
import { FakeHost, hostResults, hostVerdict } from '../configure/helpers.js';

function ctx(host: BuildContext['host'], over: Partial<BuildContext> = {}): BuildContext {
  return {
    host,
    root: '/r',
    buildDir: '/r/build',
    nativeDir: '/r/native',
    verdict: hostVerdict(),
    results: hostResults(),
    skipNativeWhenAbsent: false,
    configuredAt: '2025-01-01T00:00:00.000Z',
    nodePath: process.execPath,
    ...over,
  };
}

const kmodOn = hostVerdict({ paths: [hostVerdict().paths[0]!, { path: 'kmod', enabled: true, reason: 'modules on, headers match', because: [] }] });

describe('engine step', () => {
  it('fails with BLCR_E_BUILD_FAILED when native/Makefile is missing', async () => {
    await expect(buildEngine(ctx(new FakeHost()))).rejects.toMatchObject({ code: 'BLCR_E_BUILD_FAILED' });
  });
  it('skips only with the explicit knob', async () => {
    expect(await buildEngine(ctx(new FakeHost(), { skipNativeWhenAbsent: true }))).toMatchObject({ state: 'skipped' });
  });
  it('runs make -C native BUILD=<build> with CC, and reports make\'s error tail', async () => {
    const host = new FakeHost();
    host.files.set('/r/native/Makefile', 'all:');
    expect(await buildEngine(ctx(host, { cc: 'gcc-12' }))).toMatchObject({ state: 'done' });
    expect(host.execs[0]).toMatchObject({ file: 'make', args: ['-C', '/r/native', 'BUILD=/r/build', '-j2', 'CC=gcc-12'] });
    host.execResult = () => ({ exitCode: 2, stderr: 'engine/freeze.c:12: error: boom\nmake: *** [all] Error 1' });
    await expect(buildEngine(ctx(host))).rejects.toMatchObject({ code: 'BLCR_E_BUILD_FAILED', message: expect.stringContaining('engine/freeze.c:12: error: boom') });
  });
});

describe('kmod and load steps', () => {
  it('skip with the verdict\'s reason when the module path is off', async () => {
    expect(await buildKmod(ctx(new FakeHost()))).toEqual({ state: 'skipped', detail: 'CONFIG_MODULES is not set' });
    expect(await loadKmod(ctx(new FakeHost()))).toEqual({ state: 'skipped', detail: 'CONFIG_MODULES is not set' });
  });
  it('builds with kbuild against the chosen tree when on', async () => {
    const host = new FakeHost();
    host.files.set('/r/native/kmod/Kbuild', 'obj-m := blcr.o');
    await expect(buildKmod(ctx(host, { verdict: kmodOn }))).rejects.toMatchObject({ code: 'BLCR_E_NO_HEADERS' });
    expect(await buildKmod(ctx(host, { verdict: kmodOn, withLinux: '/usr/src/linux-headers-6.1.0-40-amd64', cc: 'gcc-12' }))).toMatchObject({ state: 'done' });
    expect(host.execs[0]).toMatchObject({ file: 'make', args: ['-C', '/usr/src/linux-headers-6.1.0-40-amd64', 'M=/r/native/kmod', '-j2', 'modules', 'CC=gcc-12'] });
  });
  it('does not load as non-root, nor without a loader', async () => {
    const host = new FakeHost();
    host.uidValue = 1000;
    expect((await loadKmod(ctx(host, { verdict: kmodOn }))).detail).toMatch(/needs root/);
    host.uidValue = 0;
    expect((await loadKmod(ctx(host, { verdict: kmodOn }))).detail).toMatch(/no module loader/);
  });
});

describe('enable step', () => {
  it('writes build/etc/blcr/enabled and an executable build/bin/blcr wrapper', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'blcr-enable-'));
    try {
      const buildDir = path.join(root, 'build');
      mkdirSync(path.join(buildDir, 'bin'), { recursive: true });
      writeFileSync(path.join(buildDir, 'bin', 'cr_checkpoint'), '');
      const host = new RealHost();
      const out = await enable(ctx(host, { root, buildDir }));
      expect(out.detail).toBe('blcr, cr_checkpoint; not built: cr_restart, cr_run');
      const kv = parseEnabled(readFileSync(path.join(buildDir, 'etc', 'blcr', 'enabled'), 'utf8'));
      expect(kv).toEqual({
        release: os.release(),
        version: host.uname().version,
        engine: 'on',
        kmod: 'off',
        commands: 'cr_checkpoint',
        configured_at: '2025-01-01T00:00:00.000Z',
      });
      const wrapper = path.join(buildDir, 'bin', 'blcr');
      expect(statSync(wrapper).mode & 0o111).toBe(0o111);
      // the wrapper execs node on build/js/src/cli/blcr.js with the arguments untouched
      mkdirSync(path.join(root, 'build', 'js', 'src', 'cli'), { recursive: true });
      writeFileSync(path.join(root, 'build', 'js', 'src', 'cli', 'blcr.js'), 'console.log(JSON.stringify(process.argv.slice(2)))');
      expect(JSON.parse(execFileSync(wrapper, ['a b', "it's"], { encoding: 'utf8' }))).toEqual(['a b', "it's"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('pipeline', () => {
  it('chooses listr2\'s renderer: silent for --quiet/--json, simple when not a TTY', () => {
    expect(chooseRenderer({ quiet: true, json: false, tty: true })).toBe('silent');
    expect(chooseRenderer({ quiet: false, json: true, tty: true })).toBe('silent');
    expect(chooseRenderer({ quiet: false, json: false, tty: false })).toBe('simple');
    expect(chooseRenderer({ quiet: false, json: false, tty: true })).toBe('default');
  });
  it('runs the steps in order and stops at the first error, rethrowing it unchanged', async () => {
    const order: string[] = [];
    const step = (id: 'engine' | 'kmod' | 'load' | 'enable', fail = false) => ({
      id,
      title: id,
      run: async () => {
        order.push(id);
        if (fail) throw Object.assign(new Error('boom'), { code: 'BLCR_E_BUILD_FAILED' });
        return { state: 'done' as const, detail: 'ok' };
      },
    });
    const reports = await runPipeline(ctx(new FakeHost()), 'silent', [step('engine'), step('kmod')]);
    expect(reports.map((r) => [r.id, r.state])).toEqual([['engine', 'done'], ['kmod', 'done']]);
    await expect(runPipeline(ctx(new FakeHost()), 'silent', [step('engine', true), step('enable')])).rejects.toMatchObject({ code: 'BLCR_E_BUILD_FAILED' });
    expect(order).toEqual(['engine', 'kmod', 'engine']);
  });
});

describe('build error excerpt', () => {
  it('names the compiler error lines and make\'s first failure, not the notes around them', async () => {
    const { tail } = await import('../../../src/build/build-context.js');
    const stderr = [
      'tools/cr_checkpoint.c: In function main:',
      "tools/cr_checkpoint.c:40:9: error: 'x' undeclared (first use in this function)",
      '   40 |         x = 1;',
      'include/blcr/log.h:21:55: note: format string is defined here',
      'make: *** [Makefile:45: build/native/tools/cr_checkpoint.o] Error 1',
      'make: *** Waiting for unfinished jobs....',
    ].join('\n');
    expect(tail(stderr)).toBe("  tools/cr_checkpoint.c:40:9: error: 'x' undeclared (first use in this function)\n  make: *** [Makefile:45: build/native/tools/cr_checkpoint.o] Error 1");
    expect(tail('a\nb\nc', 2)).toBe('b\nc');
  });
});

describe('load step with a loader', () => {
  it('hands the loader the module and map, and turns a refusal into BLCR_E_LOAD_FAILED', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'blcr-load-'));
    try {
      const loader = path.join(root, 'build', 'js', 'src', 'kmod', 'load.js');
      mkdirSync(path.dirname(loader), { recursive: true });
      writeFileSync(path.join(root, 'package.json'), '{"type":"module"}\n');
      writeFileSync(
        loader,
        'export async function loadModule(req) { return req.systemMap === "/good.map" ? { loaded: true, verified: true, message: `loaded ${req.koPath}` } : { loaded: false, verified: false, message: "symbol _stext moved" }; }\n',
      );
      const host = new FakeHost();
      host.files.set(loader, 'x');
      host.files.set(path.join(root, 'native', 'kmod', 'blcr.ko'), 'x');
      const c = (systemMap: string) => ctx(host, { root, nativeDir: path.join(root, 'native'), verdict: kmodOn, systemMap });
      expect(await loadKmod(c('/good.map'))).toEqual({ state: 'done', detail: `loaded ${path.join(root, 'native', 'kmod', 'blcr.ko')}` });
      await expect(loadKmod(c('/other.map'))).rejects.toMatchObject({ code: 'BLCR_E_LOAD_FAILED', message: expect.stringContaining('symbol _stext moved') });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, writeFileSync, mkdirSync, chmodSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfigureArgs, configureHelp, DEFAULT_PREFIX } from '../../../src/configure/options.js';
import { BlcrError } from '../../../src/model/errors.js';

let dir: string;
let linux: string;
let map: string;
const noEnv = (): undefined => undefined;

function codeOf(fn: () => unknown): { code: string; exit: number; hint: string | undefined } {
  try {
    fn();
  } catch (err) {
    if (err instanceof BlcrError) return { code: err.code, exit: err.exitCode, hint: err.hint };
    throw err;
  }
  throw new Error('expected a BlcrError');
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'blcr-opts-'));
  linux = path.join(dir, 'linux');
  mkdirSync(linux);
  map = path.join(dir, 'System.map');
  writeFileSync(map, 'ffffffff81000000 T _stext\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseConfigureArgs', () => {
  it('gives autoconf defaults with no arguments', () => {
    const o = parseConfigureArgs([], noEnv);
    expect(o).toMatchObject({ prefix: DEFAULT_PREFIX, fresh: false, quiet: false, json: false, help: false, ccFrom: 'default' });
    expect(o.enableKmod).toBeUndefined();
    expect(o.withLinux).toBeUndefined();
    expect(o.cc).toBeUndefined();
  });

  it('accepts every flag, in both --opt=value and --opt value forms', () => {
    const argv = ['--prefix=/opt/blcr/', `--with-linux`, linux, `--with-system-map=${map}`, '--enable-kmod', '--fresh', '--quiet', '--json', 'CC=gcc-12'];
    const o = parseConfigureArgs(argv, noEnv);
    expect(o).toMatchObject({ prefix: '/opt/blcr', withLinux: linux, withSystemMap: map, enableKmod: true, fresh: true, quiet: true, json: true, cc: 'gcc-12', ccFrom: 'argument' });
    expect(o.argv).toEqual(argv);
  });

  it('resolves relative paths against the caller\'s directory', () => {
    const o = parseConfigureArgs(['--with-linux=linux', '--with-system-map=./System.map'], noEnv, dir);
    expect(o.withLinux).toBe(linux);
    expect(o.withSystemMap).toBe(map);
  });

  it('handles --disable-kmod and --enable-kmod=no|yes', () => {
    expect(parseConfigureArgs(['--disable-kmod'], noEnv).enableKmod).toBe(false);
    expect(parseConfigureArgs(['--enable-kmod=no'], noEnv).enableKmod).toBe(false);
    expect(parseConfigureArgs(['--enable-kmod=yes'], noEnv).enableKmod).toBe(true);
    expect(codeOf(() => parseConfigureArgs(['--enable-kmod=maybe'], noEnv)).code).toBe('BLCR_E_USAGE');
  });

  it('takes CC from the environment, and CC= as argument wins', () => {
    const env = (n: string): string | undefined => (n === 'CC' ? 'clang' : undefined);
    expect(parseConfigureArgs([], env)).toMatchObject({ cc: 'clang', ccFrom: 'environment' });
    expect(parseConfigureArgs(['CC=/usr/bin/gcc-12'], env)).toMatchObject({ cc: '/usr/bin/gcc-12', ccFrom: 'argument' });
  });

  it('maps -h/-V/-q and --silent', () => {
    expect(parseConfigureArgs(['-h'], noEnv).help).toBe(true);
    expect(parseConfigureArgs(['-V'], noEnv).version).toBe(true);
    expect(parseConfigureArgs(['-q'], noEnv).quiet).toBe(true);
    expect(parseConfigureArgs(['--silent'], noEnv).quiet).toBe(true);
  });

  it('rejects unknown flags, stray words and unknown variables with BLCR_E_USAGE, exit 2', () => {
    for (const argv of [['--with-linx=/tmp'], ['--bogus'], ['-x'], ['stray'], ['CFLAGS=-O2'], ['--fresh=yes'], ['--prefix']]) {
      const e = codeOf(() => parseConfigureArgs(argv, noEnv));
      expect(e).toMatchObject({ code: 'BLCR_E_USAGE', exit: 2 });
      expect(e.hint).toBeTruthy();
    }
  });

  it('rejects missing and wrong-kind paths with BLCR_E_BAD_PATH, exit 2, and a hint naming the flag', () => {
    const cases = [[`--with-linux=${dir}/nope`], [`--with-linux=${map}`], [`--with-system-map=${dir}/nope`], [`--with-system-map=${linux}`]];
    for (const argv of cases) {
      const e = codeOf(() => parseConfigureArgs(argv, noEnv));
      expect(e).toMatchObject({ code: 'BLCR_E_BAD_PATH', exit: 2 });
      expect(e.hint).toContain((argv[0] as string).split('=')[0]);
    }
  });

  it('rejects an unreadable System.map when not root', () => {
    if (process.getuid?.() === 0) return; // root reads any file: nothing to reject
    const locked = path.join(dir, 'locked.map');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0);
    expect(codeOf(() => parseConfigureArgs([`--with-system-map=${locked}`], noEnv)).code).toBe('BLCR_E_BAD_PATH');
  });

  it('requires an absolute --prefix, as autoconf does', () => {
    const e = codeOf(() => parseConfigureArgs(['--prefix=relative/dir'], noEnv));
    expect(e).toMatchObject({ code: 'BLCR_E_USAGE', exit: 2 });
    expect(e.hint).toMatch(/--prefix=\//);
  });

  it('documents every option in --help', () => {
    const help = configureHelp('1.2.3');
    for (const flag of ['--prefix=', '--with-linux=', '--with-system-map=', '--enable-kmod', '--disable-kmod', '--fresh', '--quiet', '--json', 'CC ']) {
      expect(help).toContain(flag);
    }
  });
});

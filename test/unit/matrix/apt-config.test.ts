import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseMirrors, renderAptConfig } from '../../../src/matrix/apt-config.js';
import { headerDependencies } from '../../../src/matrix/fetch-kernel.js';
import { kernelCompiler } from '../../../src/matrix/build-module.js';
import { selectKernels, suiteForCc } from '../../../src/matrix/kernels.js';
import { FIXTURES_DIR } from '../../../src/util/paths.js';

const q = (name: string) => readFileSync(path.join(FIXTURES_DIR, 'qemu', name), 'utf8');

describe('private apt configuration', () => {
  it('reads both mirrors from the host deb822 sources', () => {
    expect(parseMirrors(q('debian.sources'))).toEqual({ main: 'http://deb.debian.org/debian', security: 'http://deb.debian.org/debian-security' });
  });

  it('reads one-line sources.list entries too', () => {
    expect(parseMirrors('deb [arch=amd64] http://mirror.example/debian/ bookworm main\n').main).toBe('http://mirror.example/debian');
  });

  it('keeps everything under its own dir and never reads /etc/apt sources', () => {
    const { files, aptConf } = renderAptConfig('/c/apt', parseMirrors(q('debian.sources')));
    const conf = files[aptConf] ?? '';
    expect(conf).toContain('Dir::Etc::sourcelist "/dev/null";');
    for (const key of ['sourceparts', 'preferencesparts', 'State::lists', 'State::status', 'Dir::Cache']) {
      expect(conf).toMatch(new RegExp(`${key.replace('::', '::')} "/c/apt/`));
    }
    expect(Object.keys(files).every((p) => p.startsWith('/c/apt/'))).toBe(true);
    const sources = files['/c/apt/sources.list.d/blcr-matrix.sources'] ?? '';
    for (const suite of ['bullseye', 'bookworm-security', 'trixie-backports', 'bullseye-security']) expect(sources).toContain(suite);
  });
});

describe('kernel packages and compilers', () => {
  it('finds the -common headers and kbuild packages in apt-cache show', () => {
    expect(headerDependencies(q('apt-cache-show-linux-headers-7.3.4+deb13-amd64.txt'))).toEqual([
      'linux-headers-7.3.4+deb13-common',
      'linux-kbuild-7.3.4+deb13',
    ]);
  });

  it('reads the kernel compiler from .kernelvariables and maps it to a chroot suite', () => {
    expect(kernelCompiler(q('kernelvariables-5.10.0-46-amd64'), undefined)).toBe('gcc-10');
    expect(kernelCompiler(q('kernelvariables-7.3.4+deb13-amd64'), undefined)).toBe('gcc-14');
    expect(kernelCompiler(undefined, 'CONFIG_CC_VERSION_TEXT="gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0"\n')).toBe('gcc-12');
    expect(suiteForCc('gcc-10')).toBe('bullseye');
    expect(suiteForCc('gcc-14')).toBe('trixie');
    expect(suiteForCc('gcc-9')).toBeUndefined();
  });

  it('selects kernels by series or release', () => {
    expect(selectKernels('6.1,7.3.4+deb13-amd64').map((k) => k.series)).toEqual(['6.1', '7.3']);
    expect(selectKernels(undefined)).toHaveLength(4);
    expect(selectKernels('4.19')).toEqual([]);
  });
});

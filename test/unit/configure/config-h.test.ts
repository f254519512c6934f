import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateConfigH, haveMacro, kernelVersionCode } from '../../../src/configure/config-h.js';
import { hostResults, hostVerdict, result } from './helpers.js';

describe('config.h', () => {
  it('names macros from probe ids', () => {
    expect(haveMacro('kernel-release')).toBe('HAVE_KERNEL_RELEASE');
    expect(haveMacro('clone3-set-tid')).toBe('HAVE_CLONE3_SET_TID');
  });

  it('computes KERNEL_VERSION codes', () => {
    expect(kernelVersionCode('6.18.44-fc-v595')).toBe((6 << 16) + (18 << 8) + 44);
    expect(kernelVersionCode('2.6.17-5mdv')).toBe((2 << 16) + (6 << 8) + 17);
    expect(kernelVersionCode('4.9.337')).toBe((4 << 16) + (9 << 8) + 255);
    expect(kernelVersionCode('garbage')).toBeUndefined();
  });

  it('defines HAVE_ for passed probes, #undef for warned/failed/skipped, and the kernel it was made for', () => {
    const h = generateConfigH([...hostResults(), result('compiler', { status: 'warn', summary: 'mismatch' })], hostVerdict(), { packageVersion: '0.9.0' });
    expect(h).toContain('#define HAVE_KERNEL_RELEASE 1');
    expect(h).toContain('#define HAVE_PTRACE_SEIZE 1');
    expect(h).toContain('/* #undef HAVE_KERNEL_HEADERS */');
    expect(h).toContain('/* #undef HAVE_MODULE_SUPPORT */');
    expect(h).toContain('/* #undef HAVE_COMPILER */');
    expect(h).toContain('#define BLCR_KERNEL_RELEASE "6.18.44-fc-v595"');
    expect(h).toContain('#define BLCR_PATH_ENGINE 1');
    expect(h).toContain('/* #undef BLCR_PATH_KMOD */');
    expect(h).toContain('#define BLCR_KERNEL_VERSION_CODE 0x6122c');
  });

  it('is a header the C compiler accepts, with values it can use', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'blcr-configh-'));
    try {
      const results = hostResults();
      results[0] = { ...results[0]!, facts: { ...results[0]!.facts, version: '#1 SMP "quoted" \\ back' } };
      writeFileSync(path.join(dir, 'config.h'), generateConfigH(results, hostVerdict(), { packageVersion: '0.9.0' }));
      writeFileSync(
        path.join(dir, 't.c'),
        '#include <stdio.h>\n#include "config.h"\nint main(void){\n#if defined(HAVE_PTRACE_SEIZE) && !defined(HAVE_KERNEL_HEADERS) && BLCR_KERNEL_VERSION_CODE >= 0x60000\nputs(BLCR_KERNEL_RELEASE " " BLCR_KERNEL_VERSION);return 0;\n#else\nreturn 1;\n#endif\n}\n',
      );
      execFileSync('cc', ['-Wall', '-Werror', '-o', path.join(dir, 't'), path.join(dir, 't.c')]);
      expect(execFileSync(path.join(dir, 't'), { encoding: 'utf8' })).toBe('6.18.44-fc-v595 #1 SMP "quoted" \\ back\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writeConfigH', () => {
  it('rewrites native/config.h only when its content changes (so make rebuilds nothing)', async () => {
    const { writeConfigH } = await import('../../../src/configure/outputs.js');
    const { statSync, readFileSync } = await import('node:fs');
    const root = mkdtempSync(path.join(os.tmpdir(), 'blcr-configh-w-'));
    try {
      const p = { root, buildDir: path.join(root, 'build'), nativeDir: path.join(root, 'native') };
      expect(await writeConfigH(p, hostResults(), hostVerdict(), '0.9.0')).toBe(true);
      const m1 = statSync(path.join(p.nativeDir, 'config.h')).mtimeMs;
      await new Promise((r) => setTimeout(r, 20));
      expect(await writeConfigH(p, hostResults(), hostVerdict(), '0.9.0')).toBe(false);
      expect(statSync(path.join(p.nativeDir, 'config.h')).mtimeMs).toBe(m1);
      expect(await writeConfigH(p, hostResults().slice(1), hostVerdict(), '0.9.0')).toBe(true);
      expect(readFileSync(path.join(p.nativeDir, 'config.h'), 'utf8')).not.toContain('HAVE_KERNEL_RELEASE 1');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

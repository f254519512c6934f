import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateConfigStatus, replayArgs, shQuote } from '../../../src/configure/config-status.js';

describe('config.status', () => {
  it('quotes only what needs quoting', () => {
    expect(shQuote('--prefix=/opt/blcr')).toBe('--prefix=/opt/blcr');
    expect(shQuote('CC=gcc 12')).toBe(`'CC=gcc 12'`);
    expect(shQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(shQuote('')).toBe(`''`);
  });

  it('adds CC from the environment, not from the arguments twice', () => {
    expect(replayArgs(['--fresh'], 'clang', 'environment')).toEqual(['--fresh', 'CC=clang']);
    expect(replayArgs(['CC=gcc'], 'gcc', 'argument')).toEqual(['CC=gcc']);
  });

  it('round-trips arguments through sh exactly, with extra arguments appended', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'blcr-status-'));
    try {
      const fake = path.join(dir, 'my configure');
      writeFileSync(fake, '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
      chmodSync(fake, 0o755);
      const args = ['--prefix=/opt/my blcr', `--with-linux=/src/it's linux`, 'CC=ccache gcc-12', '--disable-kmod', '$HOME', '`id`', 'a\\b'];
      const status = path.join(dir, 'config.status');
      writeFileSync(status, generateConfigStatus({ configurePath: fake, args, packageVersion: '0.9.0', configuredAt: 'now' }));
      chmodSync(status, 0o755);
      const out = execFileSync(status, ['--fresh'], { encoding: 'utf8' });
      expect(out.split('\n').slice(0, -1)).toEqual([...args, '--fresh']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

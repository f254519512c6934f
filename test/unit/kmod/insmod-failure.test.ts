import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { classifyInsmodFailure } from '../../../src/kmod/insmod-failure.js';
import { parseRefusal } from '../../../src/kmod/refusal.js';
import { FIXTURES_DIR } from '../../../src/util/paths.js';

const qemuLog = (name: string) => readFileSync(path.join(FIXTURES_DIR, 'qemu', name), 'utf8');

describe('classifyInsmodFailure on captured 6.1 guest consoles', () => {
  it('module.sig_enforce=1: signature code, fix is signing', () => {
    const f = classifyInsmodFailure(qemuLog('boot-6.1-sig_enforce.log'), 'blcr.ko');
    expect(f.code).toBe('BLCR_E_MODULE_SIG');
    expect(f.hint).toContain('sign');
  });

  it('lockdown=integrity: lockdown code', () => {
    expect(classifyInsmodFailure(qemuLog('boot-6.1-lockdown-integrity.log'), 'blcr.ko').code).toBe('BLCR_E_LOCKDOWN');
  });

  it('an unrelated failure keeps the insmod line', () => {
    const f = classifyInsmodFailure("insmod: can't insert 'blcr.ko': Invalid module format\n", 'blcr.ko');
    expect(f.code).toBe('BLCR_E_LOAD_FAILED');
    expect(f.message).toContain('Invalid module format');
  });

  it('does not mistake the research module\'s MISMATCH lines for a blcr refusal', () => {
    expect(parseRefusal(qemuLog('boot-6.1-wrong-System.map.log'))).toBeUndefined();
  });
});

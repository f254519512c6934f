import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MODULE_SYMBOLS, lookupSymbols, mapToParams, tamperParams } from '../../../src/kmod/module-params.js';
import { BlcrError } from '../../../src/model/errors.js';
import { NATIVE_DIR } from '../../../src/util/paths.js';
import { fixture } from '../probes/fixture-host.js';

const MAP_61 = fixture('debian-6.1.0-56/System.map.xz');

describe('mapToParams on the real Debian 6.1.0-56 System.map', () => {
  const p = mapToParams(MAP_61, 'System.map-6.1.0-56-amd64');

  it('gives the addresses the kernel itself reported (research console log of 6.1.0-56)', () => {
    // kmatrix_symcheck printed these map= values in examples/boot-6.1.0-56-amd64.log
    expect(p.symbols.__register_chrdev).toBe('ffffffff8136d690');
    expect(p.symbols.kfree).toBe('ffffffff812b8f60');
    expect(p.symbols.schedule).toBe('ffffffff81a52dd0');
    expect(p.symbols.kernel_clone).toBe('ffffffff810a0a60');
  });

  it('emits one name=0xaddr word per module parameter, anchor first', () => {
    expect(p.args[0]).toBe('anchor_addr=0xffffffff8136d690');
    expect(p.args.map((a) => a.split('=')[0])).toEqual(MODULE_SYMBOLS.map((s) => s.param));
    expect(p.missingImports).toEqual([]);
  });
});

describe('mapToParams on incomplete maps', () => {
  it('refuses a stub map with the stripped-map code and the -dbg hint', () => {
    const stub = fixture('debian-6.1.0-56/System.map.stub');
    let err: unknown;
    try {
      mapToParams(stub, '/boot/System.map-6.1.0-56-amd64');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BlcrError);
    expect((err as BlcrError).code).toBe('BLCR_E_STRIPPED_SYSTEM_MAP');
    expect((err as BlcrError).hint).toContain('-dbg');
  });

  it('drops a missing import (feature off) but keeps the checks', () => {
    const noLock = MAP_61.split('\n').filter((l) => !l.endsWith(' pidmap_lock')).join('\n');
    const p = mapToParams(noLock, 'm');
    expect(p.missingImports).toEqual(['pidmap_lock']);
    expect(p.args.some((a) => a.startsWith('pidmap_lock_addr='))).toBe(false);
  });

  it('tamperParams moves exactly one parameter', () => {
    const args = ['anchor_addr=0xffffffff8136d690', 'kernel_clone_addr=0xffffffff810a0a60'];
    expect(tamperParams(args, 'kernel_clone_addr', 16)).toEqual(['anchor_addr=0xffffffff8136d690', 'kernel_clone_addr=0xffffffff810a0a70']);
  });

  it('falls back to _do_fork on kernels before the 5.10 rename', () => {
    const old = 'ffffffff81000000 T _text\nffffffff81085a40 T _do_fork\n';
    expect(lookupSymbols(old, new Set(['kernel_clone', '_do_fork'])).get('_do_fork')).toBe('ffffffff81085a40');
  });
});

describe('drift between MODULE_SYMBOLS and native/kmod', () => {
  it('every module_param_named in main.c is in MODULE_SYMBOLS and has a MODULE_PARM_DESC', () => {
    const src = readFileSync(path.join(NATIVE_DIR, 'kmod', 'main.c'), 'utf8');
    const params = [...src.matchAll(/module_param_named\((\w+),/g)].map((m) => m[1]);
    const descs = [...src.matchAll(/MODULE_PARM_DESC\((\w+),/g)].map((m) => m[1]);
    expect(params).toEqual(MODULE_SYMBOLS.map((s) => s.param));
    expect(descs).toEqual(params);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadModule } from '../../../src/kmod/load.js';
import { BlcrError } from '../../../src/model/errors.js';
import { FIXTURES_DIR } from '../../../src/util/paths.js';
import { FixtureHost, fixture } from '../probes/fixture-host.js';

const R = '6.1.0-56-amd64';
const MAP = fixture('debian-6.1.0-56/System.map.xz');
const KO = '/src/native/kmod/blcr.ko';
const bootLog = readFileSync(path.join(FIXTURES_DIR, 'qemu', `blcr-boot-${R}.log`), 'utf8');
const klog = (re: RegExp) => bootLog.split('\n').filter((l) => re.test(l)).map((l) => l.replace(/^BLCR-KLOG /, '')).join('\n');

function host(insmod: { exitCode: number; stderr?: string }, dmesg: string, uid = 0) {
  return new FixtureHost({
    uid,
    uname: { release: R },
    files: { [KO]: 'ELF', [`/usr/lib/debug/boot/System.map-${R}`]: MAP, [`/boot/System.map-${R}`]: fixture('debian-6.1.0-56/System.map.stub') },
    exec: (file) => (file === 'insmod' ? insmod : file === 'dmesg' ? { stdout: dmesg } : undefined),
  });
}

async function error(p: Promise<unknown>): Promise<BlcrError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BlcrError) return e;
    throw e;
  }
  throw new Error('expected a BlcrError');
}

describe('loadModule', () => {
  it('is root only', async () => {
    const e = await error(loadModule({ host: host({ exitCode: 0 }, '', 1000), koPath: KO }));
    expect(e.code).toBe('BLCR_E_NO_CAPABILITY');
  });

  it('skips the one-line /boot stub and finds the -dbg map; dry run prints the insmod line', async () => {
    const out = await loadModule({ host: host({ exitCode: 0 }, ''), koPath: KO, dryRun: true });
    expect(out.loaded).toBe(false);
    expect(out.message).toContain(`insmod ${KO} anchor_addr=0xffffffff8136d690 `);
  });

  it('reports verified from the module\'s own kernel line (captured in the 6.1 guest)', async () => {
    const h = host({ exitCode: 0 }, klog(/blcr: verified/));
    const out = await loadModule({ host: h, koPath: KO });
    expect(out).toMatchObject({ loaded: true, verified: true });
    expect(out.message).toContain('6 symbols');
    expect(h.execLog.find((c) => c.startsWith('insmod'))).toContain('pidmap_lock_addr=0xffffffff82a06140');
  });

  it('a refused map is BLCR_E_WRONG_SYSTEM_MAP (captured refusal line)', async () => {
    const e = await error(loadModule({ host: host({ exitCode: 1, stderr: 'insmod: ERROR: could not insert module: Invalid parameters' }, klog(/refusing to load.*__register_chrdev/)), koPath: KO }));
    expect(e.code).toBe('BLCR_E_WRONG_SYSTEM_MAP');
    expect(e.message).toContain('__register_chrdev');
  });

  it('signature enforcement is reported with the signing fix, not forced', async () => {
    const e = await error(loadModule({ host: host({ exitCode: 1, stderr: "insmod: can't insert 'blcr.ko': Key was rejected by service" }, ''), koPath: KO }));
    expect(e.code).toBe('BLCR_E_MODULE_SIG');
  });
});

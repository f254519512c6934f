import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseAcceptance, parseRefusal } from '../../../src/kmod/refusal.js';
import { logExcerpt, parseGuestLog } from '../../../src/matrix/parse-log.js';
import { guestCells, renderMarkdown, rowFailed, type KernelRow } from '../../../src/matrix/table.js';
import { pool, wrongMapSource } from '../../../src/matrix/runner.js';
import { FIXTURES_DIR } from '../../../src/util/paths.js';

const bootLog = (release: string) => readFileSync(path.join(FIXTURES_DIR, 'qemu', `blcr-boot-${release}.log`), 'utf8');
const built = { ok: true, compiler: 'gcc-12 (host)' };

describe('guest console logs captured from the matrix', () => {
  it('6.1: wrong map refused naming the anchor, right map verified, pid helper proven', () => {
    const g = parseGuestLog(bootLog('6.1.0-56-amd64'));
    expect(g.release).toBe('6.1.0-56-amd64');
    expect(g.wrongMapRc).not.toBe(0);
    expect(g.refusal?.symbol).toBe('__register_chrdev');
    expect(g.tamperedRc).not.toBe(0);
    expect(g.tamperedRefusal?.symbol).toBe('kernel_clone');
    expect(g.insmodRc).toBe(0);
    expect(g.acceptance).toEqual({ checked: 6, release: '6.1.0-56-amd64', pidHelper: true });
    expect(g.features['clone3-set-tid']).toBe(true);
    expect(g.features['pagemap-scan']).toBe(false); // PAGEMAP_SCAN arrived in 6.7
    const cells = guestCells(built, g);
    expect(cells.loads.state).toBe('pass');
    expect(cells.wrongMapRefused.state).toBe('pass');
    expect(cells.pidHelper.state).toBe('pass');
  });

  it('5.10 lacks PTRACE_GET_RSEQ_CONFIGURATION (5.13); 7.3 has PAGEMAP_SCAN and vvar_vclock', () => {
    expect(parseGuestLog(bootLog('5.10.0-46-amd64')).features.rseq).toBe(false);
    const g73 = parseGuestLog(bootLog('7.3.4+deb13-amd64'));
    expect(g73.features['pagemap-scan']).toBe(true);
    expect(bootLog('7.3.4+deb13-amd64')).toContain('vdso-layout=yes ([vvar][vvar_vclock][vdso])');
  });

  it('6.12 (IBT): pid helper reported off, not failed', () => {
    const g = parseGuestLog(bootLog('6.12.117+deb12-amd64'));
    expect(g.acceptance?.pidHelper).toBe(false);
    expect(guestCells(built, g).pidHelper.state).toBe('n/a');
  });

  it('a module that loads with a wrong map fails the cell and the row', () => {
    const log = bootLog('6.1.0-56-amd64').replace(/BLCR-WRONGMAP rc=\d+/, 'BLCR-WRONGMAP rc=0').replace(/.*blcr: refusing to load.*__register_chrdev.*\n/g, '');
    const g = parseGuestLog(log);
    const cells = guestCells(built, g);
    expect(cells.wrongMapRefused.state).toBe('fail');
    const row: KernelRow = { kernel: 'k', series: 's', cells, features: {}, timings: {} };
    expect(rowFailed(row)).toBe(true);
  });

  it('a moved import that still loads fails the cell even when the wrong map was refused', () => {
    const log = bootLog('6.1.0-56-amd64').replace(/BLCR-TAMPERED rc=\d+/, 'BLCR-TAMPERED rc=0').replace(/.*refusing to load.*kernel_clone.*\n/g, '');
    expect(guestCells(built, parseGuestLog(log)).wrongMapRefused.state).toBe('fail');
  });

  it('a guest that never ends leaves no verdict and the excerpt shows the panic', () => {
    const log = 'BLCR-BEGIN 6.1.0-56-amd64\nKernel panic - not syncing: VFS: Unable to mount root fs\n';
    const g = parseGuestLog(log);
    expect(g.ended).toBe(false);
    expect(g.panic).toContain('VFS');
    expect(logExcerpt(log)).toContain('Kernel panic');
  });
});

describe('refusal and acceptance lines', () => {
  it('parses a refusal naming a non-anchor symbol', () => {
    const line = '[    2.1] blcr: refusing to load: System.map entry for kfree (ffffffff812b8f70) does not match this kernel (exported symbol differs): kfree+0x10/0x110; give `blcr load` the System.map of 6.1.0-56-amd64';
    expect(parseRefusal(line)).toMatchObject({ symbol: 'kfree', mapAddress: 'ffffffff812b8f70' });
    expect(parseAcceptance(line)).toBeUndefined();
  });
});

describe('table and runner helpers', () => {
  it('renders one markdown row per kernel with every column', () => {
    const g = parseGuestLog(bootLog('6.1.0-56-amd64'));
    const md = renderMarkdown([{ kernel: '6.1.0-56-amd64', series: '6.1', cells: guestCells(built, g), features: {}, timings: {} }]);
    const lines = md.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('wrong map refused');
    expect(lines[2]?.split('|').length).toBe(lines[0]?.split('|').length);
    expect(lines[2]).toContain('names __register_chrdev');
  });

  it('a failed build marks every later cell n/a, not pass', () => {
    const cells = guestCells({ ok: false, compiler: 'gcc-14' }, undefined);
    expect(cells.builds.state).toBe('fail');
    expect(cells.loads.state).toBe('n/a');
  });

  it('pairs each kernel with the next one\'s map, and none alone', () => {
    expect(wrongMapSource(['a', 'b', 'c'], 2)).toBe('a');
    expect(wrongMapSource(['a'], 0)).toBeUndefined();
  });

  it('pool keeps order and never runs more than N at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await pool([30, 10, 20, 5], 2, async (ms) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return ms * 2;
    });
    expect(out).toEqual([60, 20, 40, 10]);
    expect(peak).toBe(2);
  });
});

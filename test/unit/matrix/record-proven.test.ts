import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readKernelDbFiles, validateKernelDbFiles } from '../../../src/kernel-db/load.js';
import { applyRows } from '../../../src/matrix/record-proven.js';
import type { KernelRow } from '../../../src/matrix/table.js';
import { KERNEL_DB_DIR } from '../../../src/util/paths.js';

const pass = (note = '') => ({ state: 'pass' as const, note });
const na = (note = '') => ({ state: 'n/a' as const, note });
const fail = (note = '') => ({ state: 'fail' as const, note });

function row(kernel: string, series: string, over: Partial<KernelRow['cells']> = {}): KernelRow {
  return {
    kernel,
    series,
    cells: { builds: pass(), loads: pass(), mapVerified: pass(), wrongMapRefused: pass(), pidHelper: na(), e2eRoot: pass(), e2eUser: pass(), ...over },
    features: {},
    timings: {},
  };
}

describe('recording matrix results in kernel-db/proven.json', () => {
  const text = readFileSync(path.join(KERNEL_DB_DIR, 'proven.json'), 'utf8');
  const at = '2026-11-25T02:30:00.000Z';

  it('marks a kernel whose cells pass as proven, and one with a failing cell as failed', () => {
    const out = JSON.parse(applyRows(text, [row('6.1.0-56-amd64', '6.1'), row('7.3.4+deb13-amd64', '7.3', { e2eUser: fail('x') })], at));
    const k61 = out.kernels.find((k: { release: string }) => k.release === '6.1.0-56-amd64');
    const k73 = out.kernels.find((k: { release: string }) => k.release === '7.3.4+deb13-amd64');
    expect(k61.status).toBe('proven');
    expect(k61.cells.e2eUser).toBe(true);
    expect(k61.updated).toBe(at);
    expect(k73.status).toBe('failed');
    expect(k73.cells.e2eUser).toBe(false);
  });

  it('moves the host entry to the release the host runs now; n/a cells stay null', () => {
    const off = na('CONFIG_MODULES off');
    const out = JSON.parse(applyRows(text, [row('6.18.44-fc-v999', 'host 6.18', { builds: off, loads: off, mapVerified: off, wrongMapRefused: off })], at));
    const host = out.kernels.find((k: { column: string }) => k.column === 'host');
    expect(host.release).toBe('6.18.44-fc-v999');
    expect(host.cells.builds).toBeNull();
    expect(host.cells.e2eRoot).toBe(true);
    expect(host.status).toBe('proven');
  });

  it('writes a file the kernel-db schema still accepts', () => {
    const out = applyRows(text, [row('5.10.0-46-amd64', '5.10'), row('6.18.44-fc-v1', 'host 6.18')], at);
    const files = { ...readKernelDbFiles(KERNEL_DB_DIR), proven: JSON.parse(out) };
    expect(validateKernelDbFiles(files, KERNEL_DB_DIR)).toEqual([]);
  });
});

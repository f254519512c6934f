import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKernelDb, readKernelDbFiles, validateKernelDbFiles } from '../../../src/kernel-db/load.js';
import { KERNEL_DB_DIR } from '../../../src/util/paths.js';
import { BlcrError } from '../../../src/model/errors.js';

/** A deep copy of the shipped files, to break one thing at a time. */
function shipped(): Record<string, Record<string, unknown>> {
  return JSON.parse(JSON.stringify(readKernelDbFiles())) as Record<string, Record<string, unknown>>;
}

function firstOf<T>(list: unknown): T {
  return (list as T[])[0] as T;
}

describe('kernel-db schema', () => {
  it('accepts the shipped data', () => {
    expect(validateKernelDbFiles(readKernelDbFiles())).toEqual([]);
    const db = loadKernelDb();
    expect(db.series.length).toBeGreaterThan(5);
    expect(db.features.map((f) => f.id)).toContain('pr-set-mm-map');
    expect(db.newest).toBe('7.3');
  });

  it('rejects a quirk range that is not a semver range (pattern, located in quirks.json)', () => {
    const files = shipped();
    firstOf<Record<string, unknown>>(files['quirks']?.['quirks'])['range'] = 'from 2.4 to 2.6';
    const errors = validateKernelDbFiles(files);
    expect(errors).toContainEqual(expect.objectContaining({ file: 'quirks.json', pointer: '/quirks/0/range', keyword: 'pattern' }));
  });

  it('rejects a series entry without a status (required)', () => {
    const files = shipped();
    delete firstOf<Record<string, unknown>>(files['series']?.['series'])['status'];
    expect(validateKernelDbFiles(files)).toContainEqual(expect.objectContaining({ file: 'series.json', pointer: '/series/0', keyword: 'required' }));
  });

  it('rejects an unknown property (additionalProperties) and a bad enum', () => {
    const files = shipped();
    firstOf<Record<string, unknown>>(files['features']?.['features'])['sinse'] = '3.4';
    firstOf<Record<string, unknown>>(files['distros']?.['distros'])['flavour'] = 'gentoo';
    const errors = validateKernelDbFiles(files);
    expect(errors).toContainEqual(expect.objectContaining({ file: 'features.json', pointer: '/features/0', keyword: 'additionalProperties' }));
    expect(errors).toContainEqual(expect.objectContaining({ file: 'distros.json', pointer: '/distros/0/flavour', keyword: 'enum' }));
  });

  it('rejects a malformed probe reference and an engine feature without a probe', () => {
    const files = shipped();
    const features = files['features']?.['features'] as Record<string, unknown>[];
    const engine = features.findIndex((f) => f['need'] === 'engine');
    delete (features[engine] as Record<string, unknown>)['probe'];
    const quirks = files['quirks']?.['quirks'] as Record<string, unknown>[];
    const withWhen = quirks.findIndex((q) => q['when'] !== undefined);
    ((quirks[withWhen] as Record<string, unknown>)['when'] as Record<string, unknown>[])[0] = { probe: 'prelink', fact: 'configured', equals: true };
    const errors = validateKernelDbFiles(files);
    expect(errors).toContainEqual(expect.objectContaining({ file: 'features.json', pointer: `/features/${engine}`, keyword: 'required' }));
    expect(errors).toContainEqual(expect.objectContaining({ file: 'quirks.json', pointer: `/quirks/${withWhen}/when/0/probe`, keyword: 'pattern' }));
  });

  it('rejects a matrix cell that is not boolean or null', () => {
    const files = shipped();
    const row = firstOf<Record<string, Record<string, unknown>>>(files['proven']?.['kernels']);
    (row['cells'] as Record<string, unknown>)['loads'] = 'yes';
    expect(validateKernelDbFiles(files)).toContainEqual(expect.objectContaining({ file: 'proven.json', pointer: '/kernels/0/cells/loads', keyword: 'type' }));
  });

  it('loadKernelDb names the file and JSON pointer of a broken db', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kdb-'));
    try {
      for (const f of ['schema.json', 'series.json', 'features.json', 'distros.json', 'proven.json']) copyFileSync(path.join(KERNEL_DB_DIR, f), path.join(dir, f));
      const files = shipped();
      (files['quirks']?.['quirks'] as Record<string, unknown>[])[2] = { id: 'Bad Id', title: 'x', path: 'engine', severity: 'warn', message: 'm' };
      writeFileSync(path.join(dir, 'quirks.json'), JSON.stringify(files['quirks']));
      let err: unknown;
      try {
        loadKernelDb(dir);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BlcrError);
      expect((err as BlcrError).code).toBe('BLCR_E_KERNEL_DB');
      expect((err as BlcrError).message).toContain(`${path.join(dir, 'quirks.json')}#/quirks/2/id`);
      expect((err as BlcrError).hint).toContain('schema.json');
      writeFileSync(path.join(dir, 'quirks.json'), '{ "quirks": [ ');
      expect(() => loadKernelDb(dir)).toThrow(expect.objectContaining({ code: 'BLCR_E_KERNEL_DB', message: expect.stringContaining('not valid JSON') }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

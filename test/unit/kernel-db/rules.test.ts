import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKernelDb } from '../../../src/kernel-db/load.js';
import { RULES, checkRules, formatViolation, probeRefs, runRule, type RuleId } from '../../../src/kernel-db/rules.js';
import type { KernelDb } from '../../../src/kernel-db/types.js';

const shippedDb = loadKernelDb();
function db(): KernelDb {
  return JSON.parse(JSON.stringify(shippedDb)) as KernelDb;
}
function at<T>(list: T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`no entry ${i}`);
  return v;
}

/** One crafted violation per rule: the rule must report it, at the right table. */
const breakers: Record<RuleId, (d: KernelDb) => void> = {
  'unique-ids': (d) => { at(d.quirks, 1).id = at(d.quirks, 0).id; },
  'versions-parse': (d) => { at(d.features, 0).since = 'three'; },
  'no-overlapping-ranges': (d) => { at(d.series, 1).range = '>=2.4.30 <2.6.0'; },
  'series-contiguous': (d) => { d.series.splice(3, 1); },
  'series-status-consistent': (d) => { const s = d.series.find((x) => x.id === 'linux-3.18-5.4'); if (s) s.status = 'supported'; },
  'range-has-remedy-or-status': (d) => { const q = d.quirks.find((x) => x.id === 'prelink-configured'); if (q) delete q.remedy; },
  'quirk-has-selector': (d) => { const q = d.quirks.find((x) => x.id === 'prelink-configured'); if (q) delete q.when; },
  'probe-ids-exist': (d) => { const f = d.features.find((x) => x.id === 'pagemap-scan'); if (f) f.probe = 'userspace/pagemap-scam'; },
  'implied-features-older': (d) => { const f = d.features.find((x) => x.id === 'kcmp'); if (f) f.since = '4.0'; },
  'proven-in-series': (d) => { at(d.proven, 0).release = '2.2.26'; },
  'distro-kernels-match': (d) => { at(at(d.distros, 0).kernels, 0).match = '^4\\.19\\.'; },
};

describe('named kernel-db rules', () => {
  it('every rule passes on the shipped data', () => {
    const violations = checkRules(shippedDb);
    expect(violations.map((v) => formatViolation(shippedDb, v))).toEqual([]);
  });

  it('has a crafted violation for every rule', () => {
    expect(Object.keys(breakers).sort()).toEqual(Object.keys(RULES).sort());
  });

  it.each(Object.keys(RULES) as RuleId[])('%s fails on a crafted violating db', (id) => {
    const broken = db();
    breakers[id](broken);
    const violations = runRule(id, broken);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((v) => v.rule === id)).toBe(true);
    expect(runRule(id, shippedDb)).toEqual([]);
  });

  it('no-overlapping-ranges lets a flavour-specific entry refine a generic one, not two generic ones', () => {
    const d = db();
    const mdv = d.quirks.find((q) => q.id === 'blcr-0.5.0-mandriva-2.6.17-5mdv');
    expect(mdv).toBeDefined();
    expect(runRule('no-overlapping-ranges', d)).toEqual([]);
    if (mdv) {
      delete mdv.flavour;
      delete mdv.releasePattern;
    }
    const v = runRule('no-overlapping-ranges', d);
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('blcr-0.5.0-linux-2.6');
  });

  it('checkRules reports unparsable versions before running the others', () => {
    const d = db();
    at(d.series, 0).range = '>=banana';
    const v = checkRules(d);
    expect(v.map((x) => x.rule)).toEqual(['versions-parse']);
    expect(formatViolation(d, at(v, 0))).toMatch(/series\.json#\/series\/0: \[versions-parse\]/);
  });

  it('probe-ids-exist checks probes/<kind>/<id>.ts in the given tree', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'probes-'));
    try {
      const refs = [...new Set(probeRefs(shippedDb).map((r) => r.ref))];
      for (const ref of refs.slice(1)) {
        mkdirSync(path.join(dir, path.dirname(ref)), { recursive: true });
        writeFileSync(path.join(dir, `${ref}.ts`), 'export {};\n');
      }
      const v = runRule('probe-ids-exist', shippedDb, { probesDir: dir });
      expect(v.length).toBeGreaterThan(0);
      expect(v.every((x) => x.message.includes(`"${refs[0] ?? ''}"`))).toBe(true);
      writeFileSync(path.join(dir, `${refs[0] ?? ''}.ts`), 'export {};\n');
      expect(runRule('probe-ids-exist', shippedDb, { probesDir: dir })).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loadKernelDb runs the rules when asked and names the entry', () => {
    expect(() => loadKernelDb(undefined, { rules: true })).not.toThrow();
  });
});

/**
 * Probe discovery: every build/js/probes/<kind>/<id>.js exporting `probe` is a probe. There is
 * no second list; the file name is the id (checked here, so a copy-paste slip cannot hide).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BlcrError } from '../model/errors.js';
import type { Probe, ProbeKind } from '../model/probe.js';
import { PROBES_JS_DIR } from '../util/paths.js';

export const PROBE_KINDS: readonly ProbeKind[] = ['system', 'userspace', 'kernel'];

export async function loadProbes(dir: string = PROBES_JS_DIR): Promise<Probe[]> {
  const out: Probe[] = [];
  for (const kind of PROBE_KINDS) {
    let names: string[];
    try {
      names = (await fs.readdir(path.join(dir, kind))).filter((n) => n.endsWith('.js')).sort();
    } catch {
      continue; // a kind with no probes yet
    }
    for (const name of names) {
      const file = path.join(dir, kind, name);
      const mod = (await import(pathToFileURL(file).href)) as { probe?: Probe };
      const id = name.slice(0, -'.js'.length);
      const p = mod.probe;
      if (!p || typeof p.run !== 'function') {
        throw new BlcrError('BLCR_E_INTERNAL', `${file} does not export a probe`, { hint: 'export const probe: Probe = { ... } from the probe file' });
      }
      if (p.id !== id || p.kind !== kind) {
        throw new BlcrError('BLCR_E_INTERNAL', `${file} exports probe id "${p.id}" (kind ${p.kind}); expected "${id}" (kind ${kind})`, {
          hint: `rename the file or set id: '${id}'`,
        });
      }
      out.push(p);
    }
  }
  return out;
}

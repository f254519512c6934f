/**
 * The kernel's System.map: --with-system-map → <--with-linux>/System.map →
 * /boot/System.map-R → /lib/modules/R/build/System.map → /usr/lib/debug/boot/System.map-R →
 * /usr/lib/debug/lib/modules/R/System.map. Recognises Debian's one-line stub and stripped
 * (Fedora Core 2 style) maps. Whether it belongs to the running kernel: system-map-kallsyms.
 */
import path from 'node:path';
import type { Probe, ProbeOutcome } from '../../src/model/probe.js';
import { readMap, type MapRead } from '../../src/probes/lib/map-file.js';
import { releaseFromPath } from '../../src/probes/lib/system-map.js';
import { Trail } from '../../src/probes/lib/trail.js';

function describe(m: MapRead): string {
  if (m.state !== 'read') return m.state;
  return m.kind === 'full' ? `full, ${m.symbols} symbols` : `${m.kind}: ${m.reason}`;
}

export const probe: Probe = {
  id: 'system-map',
  kind: 'system',
  tier: 'optional',
  title: 'System.map',
  async run({ host, options }): Promise<ProbeOutcome> {
    const r = host.uname().release;
    const explicit = options.withSystemMap;
    const candidates = explicit
      ? [explicit]
      : [
          ...(options.withLinux ? [path.join(options.withLinux, 'System.map')] : []),
          `/boot/System.map-${r}`,
          `/lib/modules/${r}/build/System.map`,
          `/usr/lib/debug/boot/System.map-${r}`,
          `/usr/lib/debug/lib/modules/${r}/System.map`,
        ];
    const trail = new Trail();
    let chosen: { path: string; map: MapRead } | undefined;
    for (const p of candidates) {
      const map = await readMap(host, p);
      trail.add(p, describe(map));
      if (map.state === 'read' && map.kind === 'full') {
        chosen = { path: p, map };
        break;
      }
      if (!chosen && map.state !== 'missing') chosen = { path: p, map };
    }
    const dbg = `apt-get install linux-image-${r}-dbg (Debian/Ubuntu: -dbgsym; Fedora/RHEL: kernel-debuginfo-${r}), then --with-system-map=/usr/lib/debug/boot/System.map-${r}`;
    const level = explicit ? 'fail' : 'warn';
    if (!chosen) {
      const facts = { path: explicit ?? null, kind: 'missing', symbols: 0, release: explicit ? releaseFromPath(explicit) : null, stubPackage: null };
      return { status: level, summary: explicit ? `${explicit} does not exist` : 'not found', facts, evidence: trail.list, code: explicit ? 'BLCR_E_BAD_PATH' : 'BLCR_E_NO_SYSTEM_MAP', hint: explicit ? `check the path given to --with-system-map` : dbg };
    }
    const { path: p, map } = chosen;
    const release = releaseFromPath(p) ?? (options.withLinux && p.startsWith(options.withLinux) ? null : r);
    if (map.state !== 'read') {
      const facts = { path: p, kind: 'unreadable', symbols: 0, release, stubPackage: null };
      return { status: level, summary: `${p} is not readable`, facts, evidence: trail.list, code: 'BLCR_E_UNREADABLE_SYSTEM_MAP', hint: `run as root, or: chmod a+r ${p}` };
    }
    const facts = { path: p, kind: map.kind, symbols: map.symbols, release, stubPackage: map.stubPackage };
    if (map.kind === 'stub') {
      return { status: level, summary: `${p} is a stub (${map.reason})`, facts, evidence: trail.list, code: 'BLCR_E_STUB_SYSTEM_MAP', hint: dbg };
    }
    if (map.kind === 'stripped') {
      return { status: level, summary: `${p} is stripped: ${map.reason}`, facts, evidence: trail.list, code: 'BLCR_E_STRIPPED_SYSTEM_MAP', hint: dbg };
    }
    return { status: 'pass', summary: `${p} (${map.symbols} symbols)`, facts, evidence: trail.list };
  },
};

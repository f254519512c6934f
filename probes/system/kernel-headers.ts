/**
 * Configured kernel headers for the running kernel: --with-linux → /lib/modules/R/build →
 * /usr/src/linux-headers-R → /usr/src/kernels/R. Configured = a UTS_RELEASE header
 * (include/generated/utsrelease.h; include/linux/utsrelease.h or version.h before 2.6.33) + .config.
 */
import path from 'node:path';
import type { Host } from '../../src/host/host.js';
import type { Probe } from '../../src/model/probe.js';
import { parseKernelConfig } from '../../src/probes/lib/kernel-config.js';
import { Trail } from '../../src/probes/lib/trail.js';

const UTS_FILES = ['include/generated/utsrelease.h', 'include/linux/utsrelease.h', 'include/linux/version.h'];

interface Tree {
  dir: string;
  utsRelease: string | null;
  hasConfig: boolean;
  sourceOnly: boolean;
}

async function inspect(host: Host, dir: string): Promise<Tree | null> {
  if (!(await host.isDirectory(dir))) return null;
  let utsRelease: string | null = null;
  for (const f of UTS_FILES) {
    const m = /UTS_RELEASE\s+"([^"]+)"/.exec((await host.readText(path.join(dir, f))) ?? '');
    if (m?.[1]) {
      utsRelease = m[1];
      break;
    }
  }
  const hasConfig = await host.exists(path.join(dir, '.config'));
  const sourceOnly = !utsRelease && (await host.exists(path.join(dir, 'Makefile')));
  return { dir, utsRelease, hasConfig, sourceOnly };
}

export const probe: Probe = {
  id: 'kernel-headers',
  kind: 'system',
  tier: 'optional',
  title: 'kernel headers',
  async run({ host, options }) {
    const r = host.uname().release;
    const candidates = options.withLinux ? [options.withLinux] : [`/lib/modules/${r}/build`, `/usr/src/linux-headers-${r}`, `/usr/src/kernels/${r}`];
    const trail = new Trail();
    const found: Tree[] = [];
    for (const dir of candidates) {
      const t = await inspect(host, dir);
      trail.add(dir, !t ? 'absent' : `${t.utsRelease ? `UTS_RELEASE ${t.utsRelease}` : t.sourceOnly ? 'source tree, not configured' : 'no UTS_RELEASE'}${t.hasConfig ? ', .config' : ', no .config'}`);
      if (t) found.push(t);
    }
    const configured = (t: Tree): boolean => t.utsRelease !== null && t.hasConfig;
    const best = found.find((t) => configured(t) && t.utsRelease === r) ?? found.find(configured) ?? found[0];
    const install = `apt-get install linux-headers-${r} (or kernel-devel-${r}), or pass --with-linux=DIR`;
    if (!best) {
      const bad = options.withLinux !== undefined;
      return {
        status: bad ? 'fail' : 'warn',
        summary: bad ? `${options.withLinux} is not a directory` : 'no kernel headers',
        facts: { dir: null, utsRelease: null, matchesRunning: false, configured: false, sourceOnly: false, ccVersionText: null },
        evidence: trail.list,
        code: bad ? 'BLCR_E_BAD_PATH' : 'BLCR_E_NO_HEADERS',
        hint: install,
      };
    }
    const text = best.hasConfig ? await host.readText(path.join(best.dir, '.config')) : undefined;
    const cfg = text ? parseKernelConfig(text) : {};
    const facts = {
      dir: best.dir,
      utsRelease: best.utsRelease,
      matchesRunning: best.utsRelease === r,
      configured: configured(best),
      sourceOnly: best.sourceOnly,
      ccVersionText: cfg.CONFIG_CC_VERSION_TEXT ?? null,
      modules: cfg.CONFIG_MODULES === 'y',
    };
    if (!facts.configured) {
      // BLCR's FAQ: configure a source tree with the running kernel's config; blcr does it
      const hint = best.sourceOnly
        ? `blcr prepare-kernel --source ${best.dir} (uses the running kernel's config and runs make modules_prepare), then ./configure --with-linux=<the tree it prints>`
        : `${install}; or blcr prepare-kernel --source <kernel source> to configure one`;
      return { status: 'warn', summary: `${best.dir} is ${best.sourceOnly ? 'kernel source, not a configured tree' : 'not configured'}`, facts, evidence: trail.list, code: 'BLCR_E_NO_HEADERS', hint };
    }
    if (!facts.matchesRunning) {
      return { status: 'warn', summary: `${best.dir} is for ${best.utsRelease}, running ${r}`, facts, evidence: trail.list, code: 'BLCR_E_HEADERS_MISMATCH', hint: install };
    }
    return { status: 'pass', summary: best.dir, facts, evidence: trail.list };
  },
};

/**
 * The running kernel's configuration: /proc/config.gz → /boot/config-R →
 * /lib/modules/R/build/.config → the --with-linux tree's .config (last: it may be another kernel's).
 */
import path from 'node:path';
import type { Probe } from '../../src/model/probe.js';
import { configText, isOn, parseKernelConfig, physicalAlign, sha256 } from '../../src/probes/lib/kernel-config.js';
import { Trail } from '../../src/probes/lib/trail.js';

export const probe: Probe = {
  id: 'kernel-config',
  kind: 'system',
  tier: 'required',
  title: 'kernel configuration',
  async run({ host, options }) {
    const r = host.uname().release;
    const candidates = ['/proc/config.gz', `/boot/config-${r}`, `/lib/modules/${r}/build/.config`];
    if (options.withLinux) candidates.push(path.join(options.withLinux, '.config'));
    const trail = new Trail();
    for (const source of candidates) {
      const bytes = await host.readFile(source);
      if (!bytes) {
        trail.add(source, 'absent or unreadable');
        continue;
      }
      let text: string;
      try {
        text = configText(source, bytes);
      } catch (e) {
        trail.add(source, `cannot decompress: ${(e as Error).message}`);
        continue;
      }
      const opts = parseKernelConfig(text);
      const n = Object.keys(opts).length;
      trail.add(source, `${n} options`);
      if (n === 0) continue;
      const facts = {
        source,
        hash: sha256(text),
        options: opts,
        modules: isOn(opts, 'CONFIG_MODULES'),
        checkpointRestore: isOn(opts, 'CONFIG_CHECKPOINT_RESTORE'),
        moduleSigForce: isOn(opts, 'CONFIG_MODULE_SIG_FORCE'),
        randomizeBase: isOn(opts, 'CONFIG_RANDOMIZE_BASE'),
        relocatable: isOn(opts, 'CONFIG_RELOCATABLE'),
        kallsymsAll: isOn(opts, 'CONFIG_KALLSYMS_ALL'),
        physicalAlign: physicalAlign(opts),
        ccVersionText: opts.CONFIG_CC_VERSION_TEXT ?? null,
      };
      return { status: 'pass', summary: source, facts, evidence: trail.list };
    }
    return {
      status: 'fail',
      summary: 'no kernel configuration found',
      facts: { source: null, hash: null, options: {}, modules: false, checkpointRestore: false, moduleSigForce: false, randomizeBase: false, physicalAlign: 0x200000, ccVersionText: null },
      evidence: trail.list,
      code: 'BLCR_E_NO_KERNEL_CONFIG',
      hint: `modprobe configs (for /proc/config.gz), or install the kernel's config as /boot/config-${r}`,
    };
  },
};

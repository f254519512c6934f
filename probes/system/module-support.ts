/** Can this kernel load modules at all? CONFIG_MODULES, /proc/modules, kernel.modules_disabled. */
import type { Probe } from '../../src/model/probe.js';
import { Trail } from '../../src/probes/lib/trail.js';

export const probe: Probe = {
  id: 'module-support',
  kind: 'system',
  tier: 'optional',
  title: 'loadable kernel modules',
  dependsOn: ['kernel-config'],
  async run(ctx) {
    const { host } = ctx;
    const cfg = ctx.result('kernel-config')?.facts;
    const trail = new Trail();
    const opts = cfg?.options;
    const value = opts && typeof opts === 'object' && !Array.isArray(opts) ? opts.CONFIG_MODULES : undefined;
    const configKnown = typeof cfg?.source === 'string';
    trail.add(`${String(cfg?.source ?? 'kernel config')} CONFIG_MODULES`, !configKnown ? 'no config' : value === 'y' ? 'y' : 'is not set');
    const procModules = await host.exists('/proc/modules');
    trail.add('/proc/modules', procModules ? 'present' : 'absent');
    const disabledText = (await host.readText('/proc/sys/kernel/modules_disabled'))?.trim();
    const modulesDisabled = disabledText === undefined ? null : disabledText === '1';
    trail.add('/proc/sys/kernel/modules_disabled', disabledText ?? 'absent');
    const built = configKnown ? value === 'y' : procModules;
    const reason = !built
      ? configKnown ? 'CONFIG_MODULES is not set' : 'no /proc/modules and no kernel config'
      : modulesDisabled ? 'kernel.modules_disabled=1 (module loading switched off until reboot)' : 'CONFIG_MODULES=y';
    const modules = built && modulesDisabled !== true;
    const facts = { modules, reason, modulesDisabled, procModules };
    if (modules) return { status: 'pass', summary: 'yes', facts, evidence: trail.list };
    return {
      status: 'fail',
      summary: `no: ${reason}`,
      facts,
      evidence: trail.list,
      code: 'BLCR_E_NO_MODULES',
      hint: built ? 'reboot (modules_disabled cannot be cleared); the userspace engine needs no module' : 'the kernel-module helper needs a kernel built with CONFIG_MODULES=y; the userspace engine works without it',
    };
  },
};

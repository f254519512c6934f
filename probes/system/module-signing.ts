/** Is module signature checking enforced (CONFIG_MODULE_SIG_FORCE or module.sig_enforce)? */
import type { Probe } from '../../src/model/probe.js';
import { Trail } from '../../src/probes/lib/trail.js';

export const probe: Probe = {
  id: 'module-signing',
  kind: 'system',
  tier: 'optional',
  title: 'module signature enforcement',
  dependsOn: ['kernel-config', 'module-support'],
  async run(ctx) {
    const trail = new Trail();
    if (ctx.result('module-support')?.facts.modules !== true) {
      return { status: 'skip', summary: 'no module support', facts: { enforced: null, source: null }, evidence: trail.add('module-support', 'modules off').list };
    }
    const force = ctx.result('kernel-config')?.facts.moduleSigForce === true;
    trail.add('CONFIG_MODULE_SIG_FORCE', force ? 'y' : 'not set');
    const param = (await ctx.host.readText('/sys/module/module/parameters/sig_enforce'))?.trim();
    trail.add('/sys/module/module/parameters/sig_enforce', param ?? 'absent');
    const enforced = force || param === 'Y';
    const source = force ? 'CONFIG_MODULE_SIG_FORCE' : param === 'Y' ? 'module.sig_enforce' : null;
    const facts = { enforced, source };
    if (!enforced) return { status: 'pass', summary: 'not enforced', facts, evidence: trail.list };
    return {
      status: 'warn',
      summary: `enforced (${source})`,
      facts,
      evidence: trail.list,
      code: 'BLCR_E_MODULE_SIG',
      hint: 'sign the module with a key the kernel trusts: <headers>/scripts/sign-file sha256 KEY.priv KEY.x509 blcr.ko (enrol the key with mokutil --import)',
    };
  },
};

/** User namespaces: user.max_user_namespaces, and Debian's kernel.unprivileged_userns_clone. */
import type { Probe } from '../../src/model/probe.js';
import { Trail } from '../../src/probes/lib/trail.js';

export const probe: Probe = {
  id: 'user-namespaces',
  kind: 'system',
  tier: 'optional',
  title: 'user namespaces',
  async run({ host }) {
    const trail = new Trail();
    const maxText = (await host.readText('/proc/sys/user/max_user_namespaces'))?.trim();
    trail.add('/proc/sys/user/max_user_namespaces', maxText ?? 'absent (no CONFIG_USER_NS)');
    const unpriv = (await host.readText('/proc/sys/kernel/unprivileged_userns_clone'))?.trim();
    trail.add('/proc/sys/kernel/unprivileged_userns_clone', unpriv ?? 'absent');
    const maxUserNamespaces = maxText && /^\d+$/.test(maxText) ? Number(maxText) : null;
    const enabled = maxUserNamespaces !== null && maxUserNamespaces > 0;
    const facts = { enabled, maxUserNamespaces, unprivileged: enabled && unpriv !== '0' };
    if (enabled) return { status: 'pass', summary: `yes (max ${maxUserNamespaces})${facts.unprivileged ? '' : ', root only'}`, facts, evidence: trail.list };
    return { status: 'fail', summary: 'no', facts, evidence: trail.list, code: 'BLCR_E_FEATURE_MISSING', hint: 'as root: sysctl user.max_user_namespaces=15000 (kernel needs CONFIG_USER_NS=y)' };
  },
};

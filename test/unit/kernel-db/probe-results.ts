/**
 * Hand-built ProbeResult literals in the shapes of the probe contract (prompts/probe-contract):
 * this CI host (6.18, no modules, no headers) and a Debian 12 node with 6.1 headers and its
 * real System.map. Tests override single results to build each failure.
 */
import type { Facts, ProbeKind, ProbeResult, ProbeStatus, Tier } from '../../../src/model/probe.js';

export function result(id: string, kind: ProbeKind, tier: Tier, status: ProbeStatus, facts: Facts, extra: Partial<ProbeResult> = {}): ProbeResult {
  return { id, kind, tier, title: id, status, summary: `${id}: ${status}`, facts, evidence: [], durationMs: 1, cached: false, ...extra };
}

const userspaceRequired = ['ptrace-seize', 'process-vm-readv', 'pagemap', 'pr-set-mm-map', 'clone3-set-tid'];

function engineProbes(vvarVclock: boolean, rseqConfig: boolean): ProbeResult[] {
  return [
    ...userspaceRequired.map((id) => result(id, 'userspace', 'required', 'pass', { supported: true })),
    result('vdso-layout', 'userspace', 'required', 'pass', { supported: true, vvarPages: 4, vvarVclock, vdsoPages: 2, mremapVdso: true, order: vvarVclock ? 'vvar,vvar_vclock,vdso' : 'vvar,vdso' }),
    result('rseq', 'userspace', 'optional', rseqConfig ? 'pass' : 'fail', { supported: rseqConfig, ptraceConfig: rseqConfig }),
    result('pagemap-scan', 'userspace', 'optional', 'pass', { supported: true }),
    result('ns-last-pid', 'userspace', 'optional', 'pass', { supported: true }),
    result('pidfd-getfd', 'userspace', 'optional', 'pass', { supported: true }),
  ];
}

function rootCaps(): ProbeResult {
  return result('capabilities', 'system', 'required', 'pass', {
    uid: 0, capEff: '000001fffeffffff', CAP_SYS_PTRACE: true, CAP_SYS_ADMIN: true, CAP_CHECKPOINT_RESTORE: true, CAP_SYS_RESOURCE: false, checkpointRestoreKnown: true,
  });
}

/** This CI host: 6.18.44-fc-v595, CONFIG_MODULES off, no headers, no System.map. */
export function hostResults(): ProbeResult[] {
  return [
    result('kernel-release', 'system', 'required', 'pass', { release: '6.18.44-fc-v595', version: '#1 SMP', arch: 'x86_64', procVersion: 'Linux version 6.18.44-fc-v595 (gcc (GCC) 15.3.0)' }),
    result('kernel-config', 'system', 'required', 'pass', {
      source: '/proc/config.gz', hash: 'ab12', modules: false, checkpointRestore: true, moduleSigForce: false, randomizeBase: true, physicalAlign: 0x200000, ccVersionText: 'gcc (GCC) 15.3.0',
      options: { CONFIG_CHECKPOINT_RESTORE: 'y', CONFIG_TIME_NS: 'y', CONFIG_RSEQ: 'y', CONFIG_MODULES: null },
    }),
    result('kernel-headers', 'system', 'optional', 'fail', { dir: null, utsRelease: null, matchesRunning: false, configured: false, sourceOnly: false }),
    result('system-map', 'system', 'optional', 'fail', { path: null, kind: 'missing', symbols: 0, release: null }),
    result('system-map-kallsyms', 'system', 'optional', 'skip', { verdict: 'skipped', slide: null, slideAligned: false, checked: 0, firstMismatch: null, reason: 'no System.map' }),
    // Captured from this host: the Firecracker kernel was built with gcc 15.3.0, the host has gcc 12.
    result('compiler', 'system', 'required', 'warn', { cc: 'cc', ccVersion: 'cc (Debian 12.2.0-14+deb12u1) 12.2.0', kernelCc: 'gcc (GCC) 15.3.0', match: 'mismatch', vermagic: null }),
    result('prelink', 'system', 'optional', 'pass', { configured: false, prelinkedLibs: [] }),
    result('module-support', 'system', 'optional', 'fail', { modules: false, reason: 'CONFIG_MODULES is not set', modulesDisabled: null, procModules: false }),
    result('module-signing', 'system', 'optional', 'skip', { enforced: false, source: 'no module support' }),
    result('lockdown', 'system', 'optional', 'pass', { mode: 'none' }),
    result('ptrace-scope', 'system', 'required', 'pass', { scope: null, effectiveForUs: 'no yama: classic ptrace permissions' }),
    rootCaps(),
    ...engineProbes(true, true),
  ];
}

/** A Debian 12 node on 6.1.0-56-amd64 with matching headers and the -dbg System.map. */
export function debian61Results(): ProbeResult[] {
  const release = '6.1.0-56-amd64';
  return [
    result('kernel-release', 'system', 'required', 'pass', { release, version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.158-1', arch: 'x86_64', procVersion: `Linux version ${release} (gcc-12 (Debian 12.2.0-14) 12.2.0)` }),
    result('kernel-config', 'system', 'required', 'pass', {
      source: `/boot/config-${release}`, hash: 'cd34', modules: true, checkpointRestore: true, moduleSigForce: false, randomizeBase: true, physicalAlign: 0x200000, ccVersionText: 'gcc-12 (Debian 12.2.0-14) 12.2.0',
      options: { CONFIG_CHECKPOINT_RESTORE: 'y', CONFIG_MODULES: 'y', CONFIG_MEM_SOFT_DIRTY: 'y', CONFIG_TIME_NS: 'y' },
    }),
    result('kernel-headers', 'system', 'optional', 'pass', { dir: `/usr/src/linux-headers-${release}`, utsRelease: release, matchesRunning: true, configured: true, sourceOnly: false }),
    result('system-map', 'system', 'optional', 'pass', { path: `/usr/lib/debug/boot/System.map-${release}`, kind: 'full', symbols: 93883, release }),
    result('system-map-kallsyms', 'system', 'optional', 'pass', { verdict: 'match', slide: '0x1c200000', slideAligned: true, checked: 93883, firstMismatch: null, reason: null }),
    result('kallsyms', 'system', 'optional', 'pass', { readable: true, kptrRestrict: 0, zeroed: false }),
    result('compiler', 'system', 'required', 'pass', { cc: 'gcc-12', ccVersion: 'gcc-12 (Debian 12.2.0-14) 12.2.0', kernelCc: 'gcc-12 (Debian 12.2.0-14) 12.2.0', match: 'exact', vermagic: '6.1.0-56-amd64 SMP preempt mod_unload modversions' }),
    result('prelink', 'system', 'optional', 'pass', { configured: false, prelinkedLibs: [] }),
    result('module-support', 'system', 'optional', 'pass', { modules: true, reason: 'CONFIG_MODULES=y', modulesDisabled: false, procModules: true }),
    result('module-signing', 'system', 'optional', 'pass', { enforced: false, source: 'CONFIG_MODULE_SIG_FORCE not set' }),
    result('lockdown', 'system', 'optional', 'pass', { mode: 'none' }),
    result('ptrace-scope', 'system', 'required', 'pass', { scope: 0, effectiveForUs: 'classic' }),
    rootCaps(),
    result('kallsyms-lookup-name', 'kernel', 'optional', 'fail', { built: false, exported: false, api: '5.7: kallsyms_lookup_name unexported' }),
    ...engineProbes(false, true),
  ];
}

/** Replace (or add) results by id, merging facts into the existing ones. */
export function withResults(base: ProbeResult[], ...overrides: (Partial<ProbeResult> & { id: string })[]): ProbeResult[] {
  const out = [...base];
  for (const o of overrides) {
    const i = out.findIndex((r) => r.id === o.id);
    const prev = out[i];
    if (prev === undefined) throw new Error(`no result ${o.id} to override`);
    out[i] = { ...prev, ...o, facts: { ...prev.facts, ...(o.facts ?? {}) } };
  }
  return out;
}

import { describe, it, expect } from '@jest/globals';
import { loadKernelDb } from '../../../src/kernel-db/load.js';
import { evaluate } from '../../../src/kernel-db/evaluate.js';
import type { PathVerdict, Verdict } from '../../../src/model/verdict.js';
import { debian61Results, hostResults, result, withResults } from './probe-results.js';

const db = loadKernelDb();

function path(v: Verdict, name: 'engine' | 'kmod'): PathVerdict {
  const p = v.paths.find((x) => x.path === name);
  if (p === undefined) throw new Error(`no ${name} path`);
  return p;
}
function findingIds(v: Verdict): string[] {
  return v.findings.map((f) => f.id);
}

describe('evaluate: this host (6.18, CONFIG_MODULES off, no headers)', () => {
  const v = evaluate(hostResults(), db);
  it('turns the engine on and the module off for exactly the first reason', () => {
    expect(path(v, 'engine').enabled).toBe(true);
    expect(path(v, 'kmod')).toMatchObject({ enabled: false, reason: 'CONFIG_MODULES is not set (kernel 6.18.44-fc-v595 cannot load modules)', code: 'BLCR_E_NO_MODULES', because: ['module-support'] });
  });
  it('is ready and enables the commands', () => {
    expect(v.ready).toBe(true);
    expect(v.enabledCommands).toEqual(['cr_checkpoint', 'cr_restart', 'cr_run']);
    // proven.json is rewritten by `npm run matrix -- --record`: the verdict must follow it
    const recorded = loadKernelDb().proven.find((k) => k.release === '6.18.44-fc-v595')?.status;
    expect(v.kernel).toMatchObject({ release: '6.18.44-fc-v595', status: 'supported', series: 'linux-6.13-6.19', proven: recorded });
  });
  it('reports the quirks this kernel has, and no module quirks', () => {
    expect(findingIds(v)).toContain('debian-criu-3.17-vvar-vclock');
    expect(findingIds(v)).toContain('soft-dirty-off');
    expect(v.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findingIds(v)).not.toContain('btf-modules-need-pahole');
  });
  it('is pure: the same input gives the same verdict', () => {
    expect(evaluate(hostResults(), db)).toEqual(v);
  });
});

describe('evaluate: Debian 12 node on 6.1 with headers and the real System.map', () => {
  it('turns the module on, naming what it verified', () => {
    const v = evaluate(debian61Results(), db);
    const kmod = path(v, 'kmod');
    expect(kmod.enabled).toBe(true);
    expect(kmod.reason).toContain('/usr/lib/debug/boot/System.map-6.1.0-56-amd64 verified against /proc/kallsyms (KASLR slide 0x1c200000)');
    expect(path(v, 'engine').enabled).toBe(true);
    expect(v.ready).toBe(true);
    expect(findingIds(v)).toEqual(expect.arrayContaining(['distro:debian-12', 'kallsyms-lookup-name-unexported']));
    expect(findingIds(v)).not.toContain('debian-criu-3.17-vvar-vclock');
  });

  it('a map from another kernel: module off, naming the first mismatching symbol', () => {
    const v = evaluate(withResults(debian61Results(), {
      id: 'system-map-kallsyms', status: 'fail',
      facts: { verdict: 'mismatch', slide: '0x1fee8db0', slideAligned: false, firstMismatch: { symbol: 'kfree', map: 'ffffffff812a4b20', kallsyms: 'ffffffffa2ce0680' } },
    }), db);
    const kmod = path(v, 'kmod');
    expect(kmod).toMatchObject({ enabled: false, code: 'BLCR_E_WRONG_SYSTEM_MAP', because: ['system-map-kallsyms'] });
    expect(kmod.reason).toContain('does not belong to the running kernel 6.1.0-56-amd64: kfree is ffffffff812a4b20 in the map but ffffffffa2ce0680 in /proc/kallsyms');
    expect(kmod.reason).toContain('slide 0x1fee8db0 is not a multiple');
    expect(kmod.hint).toBe('apt-get install linux-image-6.1.0-56-amd64-dbg, then --with-system-map=/usr/lib/debug/boot/System.map-6.1.0-56-amd64');
    expect(path(v, 'engine').enabled).toBe(true);
  });

  it('compiler mismatch: module off with the Debian compiler in the fix', () => {
    const v = evaluate(withResults(debian61Results(), { id: 'compiler', facts: { cc: 'gcc', ccVersion: 'gcc (Debian 14.2.0-19) 14.2.0', match: 'mismatch' } }), db);
    expect(path(v, 'kmod')).toMatchObject({ enabled: false, code: 'BLCR_E_CC_MISMATCH', hint: 'CC=/usr/bin/gcc-12 ./configure (install gcc-12 first)' });
    expect(path(v, 'kmod').reason).toBe('compiler mismatch: gcc is gcc (Debian 14.2.0-19) 14.2.0, but kernel 6.1.0-56-amd64 was built with gcc-12 (Debian 12.2.0-14) 12.2.0');
  });

  it('stub, stripped, missing map and missing headers each get their own reason', () => {
    const stub = evaluate(withResults(debian61Results(), { id: 'system-map', facts: { path: '/boot/System.map-6.1.0-56-amd64', kind: 'stub', symbols: 1 } }), db);
    expect(path(stub, 'kmod')).toMatchObject({ code: 'BLCR_E_STUB_SYSTEM_MAP' });
    expect(findingIds(stub)).toContain('debian-stub-system-map');
    const stripped = evaluate(withResults(debian61Results(), { id: 'system-map', facts: { kind: 'stripped', symbols: 2301 } }), db);
    expect(path(stripped, 'kmod')).toMatchObject({ code: 'BLCR_E_STRIPPED_SYSTEM_MAP' });
    expect(findingIds(stripped)).toContain('stripped-system-map');
    const headers = evaluate(withResults(debian61Results(), { id: 'kernel-headers', status: 'fail', facts: { dir: null, configured: false, matchesRunning: false } }), db);
    expect(path(headers, 'kmod')).toMatchObject({ code: 'BLCR_E_NO_HEADERS', hint: 'apt-get install linux-headers-6.1.0-56-amd64, or pass --with-linux=DIR' });
    const source = evaluate(withResults(debian61Results(), { id: 'kernel-headers', facts: { dir: '/usr/src/linux-source-6.1', configured: false, sourceOnly: true } }), db);
    expect(path(source, 'kmod').hint).toContain('blcr prepare-kernel --source /usr/src/linux-source-6.1');
    const other = evaluate(withResults(debian61Results(), { id: 'kernel-headers', facts: { utsRelease: '6.1.0-55-amd64', matchesRunning: false } }), db);
    expect(path(other, 'kmod')).toMatchObject({ code: 'BLCR_E_HEADERS_MISMATCH' });
    expect(path(other, 'kmod').reason).toContain('are for 6.1.0-55-amd64, not the running kernel 6.1.0-56-amd64');
  });

  it('signature enforcement and lockdown keep the module off, with the DKMS-style fix', () => {
    const sig = evaluate(withResults(debian61Results(), { id: 'module-signing', facts: { enforced: true, source: 'module.sig_enforce=1' } }), db);
    expect(path(sig, 'kmod')).toMatchObject({ enabled: false, code: 'BLCR_E_MODULE_SIG' });
    expect(path(sig, 'kmod').hint).toContain('sign-file');
    expect(findingIds(sig)).toContain('kmod-module-sig-enforce');
    const lock = evaluate(withResults(debian61Results(), { id: 'lockdown', facts: { mode: 'integrity' } }), db);
    expect(path(lock, 'kmod')).toMatchObject({ enabled: false, code: 'BLCR_E_LOCKDOWN' });
  });

  it('--disable-kmod keeps the module off whatever the probes say', () => {
    expect(path(evaluate(debian61Results(), db, { enableKmod: false }), 'kmod')).toMatchObject({ enabled: false, reason: 'disabled by --disable-kmod' });
  });
});

describe('evaluate: engine failures', () => {
  it('prelink configured: a warning with the FAQ fix, still ready', () => {
    const v = evaluate(withResults(hostResults(), { id: 'prelink', status: 'warn', facts: { configured: true, prelinkedLibs: ['/usr/lib64/libc.so.6'] } }), db);
    const f = v.findings.find((x) => x.id === 'prelink-configured');
    expect(f).toMatchObject({ severity: 'warn' });
    expect(f?.hint).toContain('prelink --undo --all');
    expect(findingIds(v)).toContain('prelinked-libraries');
    expect(v.ready).toBe(true);
  });

  it('a too-old kernel: engine off, naming PR_SET_MM_MAP and 3.18', () => {
    const old = withResults(hostResults(),
      { id: 'kernel-release', facts: { release: '3.10.0-1160.el7.x86_64' } },
      { id: 'pr-set-mm-map', status: 'fail', summary: 'prctl(PR_SET_MM_MAP): EINVAL', facts: { supported: false } },
      { id: 'clone3-set-tid', status: 'fail', summary: 'clone3: ENOSYS', facts: { supported: false }, hint: 'needs Linux 5.5' },
    );
    const v = evaluate(old, db);
    const engine = path(v, 'engine');
    expect(engine).toMatchObject({ enabled: false, code: 'BLCR_E_FEATURE_MISSING', because: ['pr-set-mm-map'] });
    expect(engine.reason).toBe('prctl(PR_SET_MM, PR_SET_MM_MAP) (Linux 3.18) is not available: prctl(PR_SET_MM_MAP): EINVAL');
    const clone = v.findings.find((f) => f.id === 'engine:clone3-set-tid');
    expect(clone?.message).toContain('(Linux 5.5)');
    expect(clone?.hint).toBe('needs Linux 5.5');
    expect(v.kernel.status).toBe('unsupported');
    expect(findingIds(v)).toContain('kernel-unsupported');
    expect(v.ready).toBe(false);
    expect(v.enabledCommands).toEqual([]);
  });

  it('a backporting distro kernel that passes every probe keeps the engine on, with an info finding', () => {
    const v = evaluate(withResults(hostResults(), { id: 'kernel-release', facts: { release: '4.18.0-553.el8_10.x86_64' } }), db);
    expect(path(v, 'engine').enabled).toBe(true);
    expect(v.findings.find((f) => f.id === 'kernel-unsupported')?.severity).toBe('info');
  });

  it('a required probe that did not run blocks the engine', () => {
    const v = evaluate(hostResults().filter((r) => r.id !== 'pagemap'), db);
    expect(path(v, 'engine')).toMatchObject({ enabled: false, reason: '/proc/PID/pagemap (Linux 2.6.25) is not available: the pagemap probe did not run' });
  });

  it('CONFIG_CHECKPOINT_RESTORE off blocks the engine first', () => {
    const v = evaluate(withResults(hostResults(), { id: 'kernel-config', facts: { checkpointRestore: false } }), db);
    expect(path(v, 'engine').reason).toBe('CONFIG_CHECKPOINT_RESTORE is not set (kernel 6.18.44-fc-v595 cannot checkpoint or restore processes from userspace)');
  });

  it('no CAP_CHECKPOINT_RESTORE/CAP_SYS_ADMIN and no module: engine off with the setcap fix', () => {
    const user = { uid: 1000, capEff: '0000000000000000', CAP_SYS_PTRACE: false, CAP_SYS_ADMIN: false, CAP_CHECKPOINT_RESTORE: false, CAP_SYS_RESOURCE: false, checkpointRestoreKnown: true };
    const v = evaluate(withResults(hostResults(), { id: 'capabilities', status: 'warn', facts: user }), db);
    expect(path(v, 'engine')).toMatchObject({ enabled: false, code: 'BLCR_E_NO_CAPABILITY' });
    expect(path(v, 'engine').reason).toContain('(uid 1000)');
    expect(path(v, 'engine').hint).toContain('setcap cap_checkpoint_restore+ep');
    // With the module's pid helper the same user can restore.
    const helped = evaluate(withResults(debian61Results(), { id: 'capabilities', status: 'warn', facts: user }), db);
    expect(path(helped, 'engine').enabled).toBe(true);
    expect(findingIds(helped)).toContain('pid-restore-helper');
  });

  it('ptrace_scope 3 blocks the engine; scope 1 without CAP_SYS_PTRACE only warns', () => {
    const three = evaluate(withResults(hostResults(), { id: 'ptrace-scope', facts: { scope: 3 } }), db);
    expect(path(three, 'engine')).toMatchObject({ enabled: false, code: 'BLCR_E_PTRACE_SCOPE', because: ['ptrace-scope'] });
    expect(three.ready).toBe(false);
    const one = evaluate(withResults(hostResults(),
      { id: 'ptrace-scope', facts: { scope: 1 } },
      { id: 'capabilities', facts: { CAP_SYS_PTRACE: false } },
    ), db);
    expect(path(one, 'engine').enabled).toBe(true);
    expect(one.findings.find((f) => f.id === 'ptrace-scope-1')?.severity).toBe('warn');
  });

  it('5.10 without rseq ptrace configuration: the glibc rseq quirk applies', () => {
    const v = evaluate(withResults(hostResults(),
      { id: 'kernel-release', facts: { release: '5.10.0-46-amd64' } },
      { id: 'rseq', status: 'fail', facts: { ptraceConfig: false } },
    ), db);
    expect(findingIds(v)).toContain('glibc-rseq-without-ptrace-config');
    expect(findingIds(v)).toContain('feature:rseq-ptrace-config');
    // On 6.1 the probe says the kernel has it: the quirk does not apply.
    expect(findingIds(evaluate(debian61Results(), db))).not.toContain('glibc-rseq-without-ptrace-config');
  });

  it('a failed required probe makes the node not ready even with the engine on', () => {
    const v = evaluate([...hostResults(), result('extra-required', 'system', 'required', 'fail', {})], db);
    expect(path(v, 'engine').enabled).toBe(true);
    expect(v.ready).toBe(false);
  });

  it('no kernel-release result: untested kernel, still a verdict', () => {
    const v = evaluate(hostResults().filter((r) => r.id !== 'kernel-release'), db);
    expect(v.kernel).toMatchObject({ release: 'unknown', status: 'untested' });
  });
});

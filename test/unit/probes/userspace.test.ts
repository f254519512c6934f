import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import type { ProbeContext } from '../../../src/model/probe.js';
import { kbuildPass } from '../../../src/probes/lib/kbuild.js';
import { parseKeyValues } from '../../../src/probes/lib/userspace-probe.js';
import { PROBES_SRC_DIR } from '../../../src/util/paths.js';
import { probe as vdso } from '../../../probes/userspace/vdso-layout.js';
import { probe as clone3 } from '../../../probes/userspace/clone3-set-tid.js';
import { probe as lookupName } from '../../../probes/kernel/kallsyms-lookup-name.js';
import { probe as procOps } from '../../../probes/kernel/proc-ops.js';
import { FixtureHost } from './fixture-host.js';

const ctxFor = (host: FixtureHost, results: Record<string, Record<string, unknown>> = {}, cc?: string): ProbeContext => ({
  host,
  options: { workDir: '/w', ...(cc ? { cc } : {}) },
  result: (id) => (results[id] ? ({ facts: results[id] } as unknown as ReturnType<ProbeContext['result']>) : undefined),
});

// What vdso-layout.c printed on this host (6.18.44): [vvar] 4 pages, [vvar_vclock] 2, [vdso] 2.
const VDSO_STDOUT = 'vvarPages=4\nvvarVclock=true\nvvarVclockPages=2\nvdsoPages=2\norder=vvar,vvar_vclock,vdso\nmremapVdso=true\nresult=pass\nreason=vvar,vvar_vclock,vdso\n';

describe('userspace feature tests', () => {
  it('parses key=value output into typed facts', () => {
    expect(parseKeyValues('a=true\nb=42\nc=0x1ffff\nd=vvar,vdso\nnoise\n')).toEqual({ a: true, b: 42, c: '0x1ffff', d: 'vvar,vdso' });
  });
  it('compiles with $CC into workDir/userspace and turns stdout into facts', async () => {
    const src = path.join(PROBES_SRC_DIR, 'userspace', 'vdso-layout.c');
    const host = new FixtureHost({ env: { CC: 'gcc-12' }, exec: { [`gcc-12 -O1 -pipe -w -o /w/userspace/vdso-layout ${src}`]: {}, '/w/userspace/vdso-layout': { stdout: VDSO_STDOUT } } });
    const out = await vdso.run(ctxFor(host));
    expect(out).toMatchObject({ status: 'pass', facts: { vvarVclock: true, vvarPages: 4, vvarVclockPages: 2, vdsoPages: 2, order: 'vvar,vvar_vclock,vdso', mremapVdso: true, supported: true } });
    expect(out.evidence[0]?.source).toContain('gcc-12');
  });
  it('a missing feature fails with its code and hint; a missing compiler says so', async () => {
    const eperm = 'clone3=true\npermitted=false\nerrno=1\nresult=fail\nreason=clone3 set_tid (needs CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN): Operation not permitted\n';
    const host = new FixtureHost({ exec: (file) => (file === 'cc' ? {} : file.endsWith('clone3-set-tid') ? { stdout: eperm } : undefined) });
    const out = await clone3.run(ctxFor(host));
    expect(out).toMatchObject({ status: 'fail', code: 'BLCR_E_NO_CAPABILITY', facts: { permitted: false, supported: false } });
    expect(out.hint).toContain('cap_checkpoint_restore');
    const none = await clone3.run(ctxFor(new FixtureHost(), {}, '/no/cc'));
    expect(none).toMatchObject({ status: 'fail', code: 'BLCR_E_NO_CC' });
  });
});

describe('kernel compile tests (one kbuild pass)', () => {
  it('skip without configured headers matching the running kernel', async () => {
    const out = await procOps.run(ctxFor(new FixtureHost(), { 'kernel-headers': { dir: '/h', configured: true, matchesRunning: false, utsRelease: '6.1.0-56-amd64' } }));
    expect(out.status).toBe('skip');
    expect(String(out.facts.reason)).toContain('6.1.0-56-amd64');
  });
  it('builds every snippet in one make; .o or .ko counts; exports come from Module.symvers', async () => {
    const host = new FixtureHost({
      files: { '/h/Module.symvers': '0x12345678\tclass_destroy\tvmlinux\tEXPORT_SYMBOL_GPL\t\n' },
      exec: (file, args, _o, h) => {
        if (file !== 'make') return undefined;
        void h.writeFile('/w/kbuild/proc-ops/proc-ops.o', ''); // compiled; modpost skipped by another failure
        void h.writeFile('/w/kbuild/kallsyms-lookup-name/kallsyms-lookup-name.ko', '');
        return { exitCode: 2, stderr: 'class_create: macro requires 2 arguments' };
      },
    });
    const ctx = ctxFor(host, { 'kernel-headers': { dir: '/h', configured: true, matchesRunning: true, utsRelease: '6.18.44-fc-v595' } });
    for (const id of ['proc-ops', 'kallsyms-lookup-name', 'class-create']) host.files.set(path.join(PROBES_SRC_DIR, 'kernel', `${id}.c`), Buffer.from(`/* ${id} */\n`));
    const [p, k] = [await procOps.run(ctx), await lookupName.run(ctx)];
    expect(host.execLog.filter((c) => c.startsWith('make '))).toHaveLength(1);
    expect(host.execLog[0]).toContain('M=/w/kbuild -k -j2');
    expect(p).toMatchObject({ status: 'pass', facts: { built: true } });
    expect(k).toMatchObject({ status: 'fail', code: 'BLCR_E_FEATURE_MISSING', facts: { built: true, exported: false } });
    expect((await kbuildPass(ctx)).built['class-create']).toBe(false);
    expect(host.files.get('/w/kbuild/Kbuild')?.toString()).toBe('obj-m := class-create/ kallsyms-lookup-name/ proc-ops/\n');
    expect(host.files.get('/w/kbuild/build.log')?.toString()).toContain('class_create');
  });
});

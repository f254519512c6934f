import { describe, it, expect } from '@jest/globals';
import { buildDoctorReport, markOf } from '../../../src/doctor/doctor-report.js';
import { parseContextCheck } from '../../../src/doctor/context-check.js';
import { runDoctor } from '../../../src/doctor/run-doctor.js';
import { doctorValidator } from './doctor-schema.js';
import { FakeHost, fakeDeps, hostResults, hostVerdict, result } from '../configure/helpers.js';

const meta = { version: '0.9.0', generatedAt: '2025-01-01T00:00:00.000Z', host: { release: '6.18.44-fc-v595', version: '#1 SMP', arch: 'x86_64' } };

describe('doctor report model', () => {
  it('fails a node only on required checks', () => {
    expect(markOf({ status: 'fail', tier: 'required' })).toBe('fail');
    expect(markOf({ status: 'error', tier: 'required' })).toBe('fail');
    expect(markOf({ status: 'fail', tier: 'optional' })).toBe('warn');
    expect(markOf({ status: 'fail', tier: 'experimental' })).toBe('warn');
    expect(markOf({ status: 'pass', tier: 'required' })).toBe('ok');
    expect(markOf({ status: 'skip', tier: 'required' })).toBe('skip');
  });

  it('is ready (exit 0) only when the verdict is ready and no required check failed', () => {
    expect(buildDoctorReport(hostResults(), hostVerdict(), meta)).toMatchObject({ ready: true, exitCode: 0, counts: { ok: 3, warn: 1, fail: 0, skip: 1 } });
    expect(buildDoctorReport(hostResults(), hostVerdict({ ready: false }), meta)).toMatchObject({ ready: false, exitCode: 1 });
    const failing = [...hostResults(), result('pagemap', { status: 'error', summary: 'probe threw' })];
    expect(buildDoctorReport(failing, hostVerdict(), meta)).toMatchObject({ ready: false, exitCode: 1 });
  });

  it('validates against schemas/doctor.schema.json, and the schema catches drift', () => {
    const validate = doctorValidator();
    const report = buildDoctorReport(hostResults(), hostVerdict(), meta, parseContextCheck('c', { restartable: true, obstacles: [], arch: 'x86_64' }));
    expect(validate(report)).toBe(true);
    expect(validate({ ...report, extra: 1 })).toBe(false);
    expect(validate({ ...report, checks: [{ ...report.checks[0], mark: 'FAIL' }] })).toBe(false);
    const { verdict: _v, ...noVerdict } = report;
    expect(validate(noVerdict)).toBe(false);
  });
});

describe('context check parsing', () => {
  it('reads blcr-image check --json, tolerating problems/ok spellings', () => {
    const c = parseContextCheck('ctx', { ok: true, problems: [{ code: 'pid-in-use', reason: 'pid 7 held by cron', fix: '--no-restore-pid' }, 'xstate differs'], pids: [7] });
    expect(c.restartable).toBe(false);
    expect(c.obstacles).toEqual([
      { kind: 'pid-in-use', message: 'pid 7 held by cron', hint: '--no-restore-pid' },
      { kind: 'other', message: 'xstate differs' },
    ]);
    expect(c.details).toEqual({ pids: [7] });
    expect(parseContextCheck('ctx', { restartable: true, obstacles: [] }).restartable).toBe(true);
    expect(() => parseContextCheck('ctx', [1])).toThrow();
  });
});

describe('runDoctor', () => {
  it('prints text or JSON from the same assessment and returns the exit code', async () => {
    const host = new FakeHost();
    const deps = fakeDeps(hostResults(), hostVerdict());
    let out = '';
    const env = { host, deps, version: '0.9.0', root: '/r', buildDir: '/r/build', out: (s: string) => void (out += s), logLines: () => host.logged };
    expect(await runDoctor({ json: false, fresh: true }, env)).toBe(0);
    expect(out).toContain('[ ok ] kernel release');
    expect(deps.runs).toEqual([{ fresh: true }]);
    out = '';
    expect(await runDoctor({ json: true, fresh: false }, env)).toBe(0);
    const parsed = JSON.parse(out) as { checks: unknown[] };
    expect(doctorValidator()(parsed)).toBe(true);
    expect(parsed.checks).toHaveLength(hostResults().length);
  });

  it('fails clearly when --context is asked but blcr-image is not built', async () => {
    const host = new FakeHost();
    const env = { host, deps: fakeDeps(hostResults(), hostVerdict()), version: '0.9.0', root: '/r', buildDir: '/r/build', out: () => {}, logLines: () => host.logged };
    await expect(runDoctor({ json: false, fresh: false, context: '/tmp/context.1' }, env)).rejects.toMatchObject({ code: 'BLCR_E_NOT_CONFIGURED' });
  });

  it('runs blcr-image check --json FILE and reports what stands in the way', async () => {
    const host = new FakeHost();
    host.files.set('/r/build/bin/blcr-image', '#!');
    host.execResult = () => ({ stdout: JSON.stringify({ restartable: false, obstacles: [{ kind: 'arch', message: 'image is aarch64' }] }), exitCode: 1 });
    let out = '';
    const env = { host, deps: fakeDeps(hostResults(), hostVerdict()), version: '0.9.0', root: '/r', buildDir: '/r/build', out: (s: string) => void (out += s), logLines: () => host.logged };
    expect(await runDoctor({ json: false, fresh: false, context: '/tmp/context.1' }, env)).toBe(1);
    expect(host.execs[0]).toMatchObject({ file: '/r/build/bin/blcr-image', args: ['check', '--json', '/tmp/context.1'] });
    expect(out).toContain('  [FAIL] arch: image is aarch64');
  });

  it('turns unreadable blcr-image output into BLCR_E_BAD_IMAGE', async () => {
    const host = new FakeHost();
    host.files.set('/r/build/bin/blcr-image', '#!');
    host.execResult = () => ({ stdout: '', stderr: 'blcr-image: not a context file (bad magic)\n', exitCode: 2 });
    const env = { host, deps: fakeDeps(hostResults(), hostVerdict()), version: '0.9.0', root: '/r', buildDir: '/r/build', out: () => {}, logLines: () => host.logged };
    await expect(runDoctor({ json: true, fresh: false, context: '/tmp/x' }, env)).rejects.toMatchObject({ code: 'BLCR_E_BAD_IMAGE' });
  });
});

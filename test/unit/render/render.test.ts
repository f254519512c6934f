import { describe, it, expect } from '@jest/globals';
import { checkingLine, renderChecking, renderFailures, renderSummary } from '../../../src/render/autoconf-lines.js';
import { renderDoctorText } from '../../../src/render/doctor-text.js';
import { renderPaths } from '../../../src/render/paths.js';
import { buildDoctorReport } from '../../../src/doctor/doctor-report.js';
import { hostResults, hostVerdict, result } from '../configure/helpers.js';

const meta = { version: '0.9.0', generatedAt: '2025-01-01T00:00:00.000Z', host: { release: '6.18.44-fc-v595', version: '#1 SMP', arch: 'x86_64' } };

describe('autoconf lines', () => {
  it('prints "checking for <title>... <summary>" with cached and status words', () => {
    expect(checkingLine(result('kernel-release', { title: 'kernel release', summary: '6.18.44-fc-v595 x86_64' }))).toBe('checking for kernel release... 6.18.44-fc-v595 x86_64');
    expect(checkingLine(result('x', { title: 'X', cached: true, summary: 'yes' }))).toBe('checking for X... (cached) yes');
    expect(checkingLine(result('x', { title: 'X', status: 'fail', summary: 'not found' }))).toBe('checking for X... no: not found');
    expect(checkingLine(result('x', { title: 'X', status: 'fail', summary: 'no: CONFIG_MODULES is not set' }))).toBe('checking for X... no: CONFIG_MODULES is not set');
    expect(checkingLine(result('x', { title: 'X', status: 'skip', summary: 'skipped: no headers' }))).toBe('checking for X... skipped: no headers');
    expect(checkingLine(result('x', { title: 'X', status: 'skip', summary: 'no headers' }))).toBe('checking for X... skipped: no headers');
    expect(renderChecking(hostResults())).toHaveLength(hostResults().length);
  });

  it('prints each required failure with its evidence and exact fix', () => {
    const failed = result('ptrace-seize', {
      title: 'PTRACE_SEIZE',
      status: 'fail',
      summary: 'EPERM',
      code: 'BLCR_E_PTRACE_SCOPE',
      hint: 'sysctl kernel.yama.ptrace_scope=1',
      evidence: [{ source: '/proc/sys/kernel/yama/ptrace_scope', found: '3' }],
    });
    expect(renderFailures([failed])).toEqual([
      'configure: error: PTRACE_SEIZE: EPERM',
      '  /proc/sys/kernel/yama/ptrace_scope: 3',
      '  fix: sysctl kernel.yama.ptrace_scope=1  (BLCR_E_PTRACE_SCOPE)',
    ]);
  });

  it('says which paths are on and why, and which commands are enabled', () => {
    const lines = renderSummary({
      verdict: hostVerdict(),
      enabled: ['blcr', 'cr_checkpoint'],
      notBuilt: ['cr_run'],
      binDir: '/x/build/bin',
      prefix: '/usr/local',
      outputs: ['config.log'],
    });
    expect(lines).toContain('  kernel module helper: off — CONFIG_MODULES is not set');
    expect(lines).toContain('  userspace engine: on — every required userspace feature passed');
    expect(lines).toContain('enabled commands (/x/build/bin): blcr, cr_checkpoint');
    expect(lines).toContain('allowed but not built yet: cr_run');
  });

  it('prints the hint under an off path only', () => {
    expect(renderPaths(hostVerdict())).toEqual([
      '  userspace engine: on — every required userspace feature passed',
      '  kernel module helper: off — CONFIG_MODULES is not set',
      '    hint: rebuild the kernel with CONFIG_MODULES=y',
    ]);
  });
});

describe('doctor text', () => {
  it('renders one marked line per check, evidence and fix under warnings, the paths and the result', () => {
    const text = renderDoctorText(buildDoctorReport(hostResults(), hostVerdict(), meta));
    const lines = text.split('\n');
    expect(lines[0]).toBe('blcr doctor 0.9.0 — 6.18.44-fc-v595 x86_64');
    expect(lines.filter((l) => /^\[( ok |warn|FAIL|skip)\] /.test(l))).toHaveLength(hostResults().length);
    expect(text).toMatch(/^\[ ok \] kernel release +6\.18\.44-fc-v595 x86_64$/m);
    expect(text).toMatch(/^\[warn\] configured kernel headers +none found \(optional\)$/m);
    expect(text).toContain('         /lib/modules/6.18.44-fc-v595/build: missing');
    expect(text).toContain('         fix: apt-get install linux-headers-$(uname -r), or pass --with-linux=DIR  (BLCR_E_NO_HEADERS)');
    expect(text).toMatch(/^\[skip\] loadable module support +CONFIG_MODULES is not set$/m);
    expect(text).toContain('  kernel module helper: off — CONFIG_MODULES is not set');
    expect(text).toContain('this node is ready: 3 ok, 1 warning, 0 failed, 1 skipped');
  });

  it('marks a failed required check [FAIL] and says NOT ready', () => {
    const results = [...hostResults(), result('pr-set-mm-map', { title: 'PR_SET_MM_MAP', status: 'fail', summary: 'EINVAL', hint: 'needs CONFIG_CHECKPOINT_RESTORE=y' })];
    const report = buildDoctorReport(results, hostVerdict({ ready: false }), meta);
    const text = renderDoctorText(report);
    expect(text).toMatch(/^\[FAIL\] PR_SET_MM_MAP +EINVAL$/m);
    expect(text).toContain('         fix: needs CONFIG_CHECKPOINT_RESTORE=y');
    expect(text).toContain('this node is NOT ready: 3 ok, 1 warning, 1 failed, 1 skipped');
    expect(report.exitCode).toBe(1);
  });

  it('renders what stands in the way of restarting a context', () => {
    const ctx = { file: 'context.42', restartable: false, obstacles: [{ kind: 'pid-in-use', message: 'pid 42 is held by sshd', hint: 'cr_restart --no-restore-pid' }], details: {} };
    const report = buildDoctorReport(hostResults(), hostVerdict(), meta, ctx);
    const text = renderDoctorText(report);
    expect(text).toContain('context context.42: cannot be restarted on this node');
    expect(text).toContain('  [FAIL] pid-in-use: pid 42 is held by sshd');
    expect(text).toContain('         fix: cr_restart --no-restore-pid');
    expect(report).toMatchObject({ nodeReady: true, ready: false, exitCode: 1 });
    expect(text).toContain('this node is ready: ');
  });
});

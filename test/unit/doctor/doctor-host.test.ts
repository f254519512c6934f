/**
 * The real `blcr doctor` on this host: --json validates against schemas/doctor.schema.json
 * (the drift test), the text names the module path's reason, exit codes follow readiness.
 */
import { describe, it, expect } from '@jest/globals';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../../src/util/paths.js';
import type { DoctorReport } from '../../../src/doctor/doctor-report.js';
import { doctorValidator } from './doctor-schema.js';

const BLCR = path.join(ROOT, 'build', 'js', 'src', 'cli', 'blcr.js');

function blcr(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BLCR, ...args], { cwd: ROOT, timeout: 240_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr });
    });
  });
}

describe('blcr doctor on this host', () => {
  it('--json validates against the schema and agrees with the exit code', async () => {
    const r = await blcr(['doctor', '--json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as DoctorReport;
    const validate = doctorValidator();
    const valid = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(r.code).toBe(report.exitCode);
    expect(report.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['kernel-release', 'kernel-config', 'ptrace-seize']));
  }, 240_000);

  it('text has one marked line per check and names the checkpoint paths', async () => {
    const [text, json] = await Promise.all([blcr(['doctor']), blcr(['doctor', '--json'])]);
    const report = JSON.parse(json.stdout) as DoctorReport;
    expect(text.code).toBe(report.exitCode);
    expect(text.stdout.split('\n').filter((l) => /^\[( ok |warn|FAIL|skip)\] /.test(l))).toHaveLength(report.checks.length);
    for (const p of report.verdict.paths) expect(text.stdout).toContain(p.reason);
    expect(text.stdout).toMatch(/^  userspace engine: (on|off) — /m);
    expect(text.stdout).toMatch(/^  kernel module helper: (on|off) — /m);
  }, 240_000);

  it('exits 2 with one line on bad input', async () => {
    const r = await blcr(['doctor', '--with-system-map=/nonexistent/System.map']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^blcr: error: --with-system-map=\/nonexistent\/System.map: no such file\n  hint: .+\n$/);
  });
});

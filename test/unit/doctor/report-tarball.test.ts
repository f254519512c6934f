import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { RealHost } from '../../../src/host/real-host.js';
import { buildDoctorReport } from '../../../src/doctor/doctor-report.js';
import { listTarball, writeReportTarball } from '../../../src/doctor/report-tarball.js';
import { hostResults, hostVerdict } from '../configure/helpers.js';

describe('doctor --report tarball', () => {
  it('packs doctor.json, the logs, config.json, the kernel config and every probe build log', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'blcr-report-test-'));
    try {
      const buildDir = path.join(root, 'build');
      mkdirSync(path.join(buildDir, 'probes', 'userspace', 'pagemap'), { recursive: true });
      mkdirSync(path.join(buildDir, 'probes', 'kernel'), { recursive: true });
      writeFileSync(path.join(root, 'config.log'), '$ make\nexit 0\n');
      writeFileSync(path.join(buildDir, 'config.json'), '{"ok":true}\n');
      writeFileSync(path.join(buildDir, 'probes', 'userspace', 'pagemap', 'build.log'), 'cc -o pagemap pagemap.c\n');
      writeFileSync(path.join(buildDir, 'probes', 'kernel', 'build.log'), 'make -k -j2\n');
      writeFileSync(path.join(buildDir, 'probes', 'kernel', 'other.log'), 'not a build log\n');
      const kconfig = path.join(root, 'config.gz');
      writeFileSync(kconfig, gzipSync('CONFIG_CHECKPOINT_RESTORE=y\n# CONFIG_MODULES is not set\n'));
      const results = hostResults().map((r) => (r.id === 'kernel-config' ? { ...r, facts: { ...r.facts, source: kconfig } } : r));
      const report = buildDoctorReport(results, hostVerdict(), { version: '0.9.0', generatedAt: '2025-01-01T00:00:00Z', host: { release: 'r', version: 'v', arch: 'x86_64' } });
      const file = path.join(root, 'out', 'report.tar.gz');
      const members = await writeReportTarball(file, report, { host: new RealHost(), root, buildDir, doctorLog: ['$ uname -r'] });
      const expected = [
        'blcr-report/doctor.json',
        'blcr-report/doctor.log',
        'blcr-report/config.log',
        'blcr-report/config.json',
        'blcr-report/kernel-config',
        'blcr-report/probes/kernel/build.log',
        'blcr-report/probes/userspace/pagemap/build.log',
      ];
      expect(members).toEqual(expected);
      const listed = (await listTarball(file)).filter((n) => !n.endsWith('/'));
      expect(listed.sort()).toEqual([...expected].sort());
      // the system tar reads it too, and the kernel config is stored as text
      const x = path.join(root, 'x');
      mkdirSync(x);
      execFileSync('tar', ['-xzf', file, '-C', x]);
      expect(readFileSync(path.join(x, 'blcr-report', 'kernel-config'), 'utf8')).toContain('# CONFIG_MODULES is not set');
      expect(JSON.parse(readFileSync(path.join(x, 'blcr-report', 'doctor.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('lists what it could not find in MISSING.txt instead of failing', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'blcr-report-test-'));
    try {
      const report = buildDoctorReport(hostResults(), hostVerdict(), { version: '0.9.0', generatedAt: '2025-01-01T00:00:00Z', host: { release: 'r', version: 'v', arch: 'x86_64' } });
      const file = path.join(root, 'r.tar.gz');
      const members = await writeReportTarball(file, report, { host: new RealHost(), root: path.join(root, 'none'), buildDir: path.join(root, 'none', 'build'), doctorLog: [] });
      expect(members).toContain('blcr-report/MISSING.txt');
      const x = path.join(root, 'x');
      mkdirSync(x);
      execFileSync('tar', ['-xzf', file, '-C', x]);
      const missing = readFileSync(path.join(x, 'blcr-report', 'MISSING.txt'), 'utf8');
      expect(missing).toContain('config.log:');
      expect(missing).toContain('config.json:');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

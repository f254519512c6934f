import { describe, it, expect } from '@jest/globals';
import { runCli } from '../../../src/cli/blcr.js';
import { renderError } from '../../../src/cli/render-error.js';
import { COMMANDS } from '../../../src/cli/registry.js';
import { parseDoctorArgs } from '../../../src/cli/commands/doctor.js';
import { parseImageArgs } from '../../../src/cli/commands/image.js';
import { BlcrError } from '../../../src/model/errors.js';
import os from 'node:os';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => void (out += s), err: (s) => void (err += s), cwd: process.cwd(), isTty: false });
  return { code, out, err };
}

describe('render-error', () => {
  it('renders "blcr: error:" + hint and the error\'s exit code', () => {
    expect(renderError(new BlcrError('BLCR_E_BAD_PATH', 'no such file', { hint: 'pass --x=PATH' }))).toEqual({ text: 'blcr: error: no such file\n  hint: pass --x=PATH\n', exitCode: 2, code: 'BLCR_E_BAD_PATH' });
    expect(renderError(new BlcrError('BLCR_E_BUILD_FAILED', 'make failed'), 'configure').text).toBe('configure: error: make failed\n');
    expect(renderError(new Error('oops'))).toMatchObject({ exitCode: 1, code: 'BLCR_E_INTERNAL' });
  });
});

describe('blcr CLI', () => {
  it('lists every registered command in help', async () => {
    const r = await cli(['help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.out).toContain(`  ${c.name}`);
    expect((await cli([])).out).toBe(r.out);
    expect((await cli(['help', 'doctor'])).out).toContain('usage: blcr doctor [--json]');
  });

  it('prints the version', async () => {
    const r = await cli(['version', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ name: 'blcr', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('gives one clear line, a hint and exit 2 for usage errors', async () => {
    for (const argv of [['frobnicate'], ['doctor', '--bogus'], ['doctor', '--with-linux=/nonexistent/dir'], ['image'], ['image', 'show'], ['help', 'nope']]) {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^blcr: error: .+\n  hint: .+\n$/);
      expect(r.out).toBe('');
    }
  });

  it('parses doctor\'s options into its narrow object', () => {
    const tmp = os.tmpdir();
    expect(parseDoctorArgs(['--json', '--fresh', `--with-linux=${tmp}`, '--report', 'r.tar.gz'], tmp)).toEqual({ json: true, fresh: true, withLinux: tmp, report: `${tmp}/r.tar.gz` });
    expect(() => parseDoctorArgs(['--report=/nonexistent/dir/r.tar.gz'], tmp)).toThrow(expect.objectContaining({ code: 'BLCR_E_BAD_PATH' }));
    expect(() => parseDoctorArgs(['--report=r.zip'], tmp)).toThrow(expect.objectContaining({ code: 'BLCR_E_BAD_PATH' }));
    expect(() => parseDoctorArgs(['--context=/nonexistent/context.1'], tmp)).toThrow(expect.objectContaining({ code: 'BLCR_E_BAD_PATH', exitCode: 2 }));
  });

  it('parses image show FILE and checks the file exists', () => {
    expect(() => parseImageArgs(['show', '/nonexistent/context.1'], '/')).toThrow(expect.objectContaining({ code: 'BLCR_E_BAD_PATH', exitCode: 2, message: 'context file /nonexistent/context.1: no such file' }));
    expect(() => parseImageArgs(['show', '/tmp'], '/')).toThrow(expect.objectContaining({ code: 'BLCR_E_BAD_PATH' }));
    expect(parseImageArgs(['show', '--json', '/etc/hostname'], '/')).toEqual({ file: '/etc/hostname', json: true });
  });
});

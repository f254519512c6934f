/** Small shell helpers for the matrix (pipelines and globs are clearer in sh than in argv). */
import type { ExecResult, Host } from '../host/host.js';
import { BlcrError } from '../model/errors.js';

/** Runs `sh -c script` with positional args $1… (never interpolated into the script). */
export function sh(host: Host, script: string, args: string[] = [], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  return host.exec('sh', ['-c', script, 'sh', ...args], opts);
}

/** Throws BLCR_E_BUILD_FAILED with the command's last lines when it failed. */
export function must(r: ExecResult, what: string): ExecResult {
  if (r.exitCode === 0) return r;
  const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').filter((l) => !/^W: Download is performed unsandboxed/.test(l)).slice(-5).join('\n');
  throw new BlcrError('BLCR_E_BUILD_FAILED', `${what} failed (exit ${r.exitCode}): ${tail}`, { hint: `run it by hand to see the whole output: ${r.command}` });
}

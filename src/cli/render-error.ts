/** The one place errors become text: `<prog>: error: <message>` + `  hint: <hint>`, and an exit code. */
import { BlcrError, EXIT_FAILED } from '../model/errors.js';

export interface RenderedError {
  text: string;
  exitCode: number;
  code: string;
}

export function renderError(err: unknown, prog = 'blcr'): RenderedError {
  if (err instanceof BlcrError) {
    const lines = [`${prog}: error: ${err.message}`];
    if (err.hint) lines.push(`  hint: ${err.hint}`);
    return { text: lines.join('\n') + '\n', exitCode: err.exitCode, code: err.code };
  }
  // The stack only on request: the user gets one line; config.log and BLCR_DEBUG=1 get the rest.
  const debug = process.env.BLCR_DEBUG === '1';
  const message = err instanceof Error ? (debug ? (err.stack ?? err.message) : err.message) : String(err);
  return {
    text: `${prog}: error: internal error: ${message}\n  hint: this is a bug in blcr; please report it with \`blcr doctor --report blcr-report.tar.gz\`\n`,
    exitCode: EXIT_FAILED,
    code: 'BLCR_E_INTERNAL',
  };
}

/** Writes the rendered error to stderr and returns the exit code (callers set process.exitCode). */
export function reportError(err: unknown, prog = 'blcr', write: (s: string) => void = (s) => process.stderr.write(s)): number {
  const r = renderError(err, prog);
  write(r.text);
  return r.exitCode;
}

/**
 * One error class for the whole toolchain: a stable code, what was tried and found, and
 * the exact fix. Rendered in exactly one place (src/cli/render-error.ts).
 */
export type ErrorCode =
  | 'BLCR_E_USAGE'
  | 'BLCR_E_BAD_PATH'
  | 'BLCR_E_NO_HEADERS'
  | 'BLCR_E_HEADERS_MISMATCH'
  | 'BLCR_E_NO_SYSTEM_MAP'
  | 'BLCR_E_STUB_SYSTEM_MAP'
  | 'BLCR_E_STRIPPED_SYSTEM_MAP'
  | 'BLCR_E_WRONG_SYSTEM_MAP'
  | 'BLCR_E_UNREADABLE_SYSTEM_MAP'
  | 'BLCR_E_CC_MISMATCH'
  | 'BLCR_E_NO_CC'
  | 'BLCR_E_PRELINK'
  | 'BLCR_E_NO_MODULES'
  | 'BLCR_E_MODULE_SIG'
  | 'BLCR_E_LOCKDOWN'
  | 'BLCR_E_KERNEL_UNSUPPORTED'
  | 'BLCR_E_FEATURE_MISSING'
  | 'BLCR_E_PTRACE_SCOPE'
  | 'BLCR_E_NO_CAPABILITY'
  | 'BLCR_E_BUILD_FAILED'
  | 'BLCR_E_LOAD_FAILED'
  | 'BLCR_E_NOT_CONFIGURED'
  | 'BLCR_E_KERNEL_CHANGED'
  | 'BLCR_E_BAD_IMAGE'
  | 'BLCR_E_PID_IN_USE'
  | 'BLCR_E_FILE_CHANGED'
  | 'BLCR_E_KERNEL_DB'
  | 'BLCR_E_BAD_RELEASE'
  | 'BLCR_E_NO_KERNEL_CONFIG'
  | 'BLCR_E_KALLSYMS_HIDDEN'
  | 'BLCR_E_SECCOMP'
  | 'BLCR_E_INTERNAL';

/** Exit codes: 0 ok, 1 a required check failed / operation failed, 2 usage or bad input. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class BlcrError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, opts: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'BlcrError';
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? (code === 'BLCR_E_USAGE' || code === 'BLCR_E_BAD_PATH' ? EXIT_USAGE : EXIT_FAILED);
  }
}

export function usageError(message: string, hint?: string): BlcrError {
  return new BlcrError('BLCR_E_USAGE', message, { hint: hint ?? 'run with --help for the options', exitCode: EXIT_USAGE });
}

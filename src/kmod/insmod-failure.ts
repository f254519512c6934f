/**
 * Why insmod failed, from its stderr and the kernel log: a wrong System.map (blcr.ko's own
 * refusal), signature enforcement, lockdown, or something else. Each maps to a stable code
 * and the fix; an unsigned module on an enforcing kernel is reported, never forced.
 */
import type { ErrorCode } from '../model/errors.js';
import { parseRefusal } from './refusal.js';

export interface InsmodFailure {
  code: ErrorCode;
  message: string;
  hint: string;
}

export function classifyInsmodFailure(text: string, koPath: string): InsmodFailure {
  const refusal = parseRefusal(text);
  if (refusal) {
    return {
      code: 'BLCR_E_WRONG_SYSTEM_MAP',
      message: `blcr.ko refused the System.map: ${refusal.symbol} does not match the running kernel`,
      hint: 'pass the System.map of the running kernel (Debian: linux-image-$(uname -r)-dbg) with --system-map=PATH',
    };
  }
  if (/Lockdown: .*unsigned module loading is restricted/.test(text)) {
    return {
      code: 'BLCR_E_LOCKDOWN',
      message: `the kernel is locked down and refuses the unsigned ${koPath}`,
      hint: 'sign blcr.ko with a key the kernel trusts (DKMS with a MOK key does: dkms install blcr/0.9.0), or boot without lockdown',
    };
  }
  if (/Key was rejected by service|Required key not available|module verification failed.*enforc/.test(text)) {
    return {
      code: 'BLCR_E_MODULE_SIG',
      message: `module signature enforcement rejects the unsigned ${koPath}`,
      hint: 'sign blcr.ko with a key the kernel trusts (DKMS with a MOK key does: dkms install blcr/0.9.0); module.sig_enforce=1 is not overridden',
    };
  }
  const line = text.split('\n').find((l) => /insmod: |ERROR: could not insert/.test(l))?.trim() ?? text.trim().split('\n').pop() ?? '';
  return { code: 'BLCR_E_LOAD_FAILED', message: `insmod ${koPath} failed: ${line}`, hint: 'see `dmesg | grep blcr` for the module\'s own message' };
}

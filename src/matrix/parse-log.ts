/** Reads a guest's serial console log (test/matrix/init.sh markers) into typed results. */
import { parseAcceptance, parseRefusal, type Acceptance, type Refusal } from '../kmod/refusal.js';

type Attempt = 'wrong' | 'tampered' | 'right';

export type E2eState = 'pass' | 'fail' | 'n/a';

export interface GuestLog {
  release?: string;
  ended: boolean;
  endStatus?: number;
  wrongMapRc?: number;
  /** The refusal printed after the wrong-map attempt. */
  refusal?: Refusal;
  tamperedRc?: number;
  tamperedRefusal?: Refusal;
  insmodRc?: number;
  acceptance?: Acceptance;
  /** BLCR-DEV key=value pairs, merged. */
  dev: Record<string, string>;
  features: Record<string, boolean>;
  e2e: { root?: E2eState; user?: E2eState };
  e2eDetail: { root?: string; user?: string };
  rmmodRc?: number;
  uptime: { init?: number; end?: number };
  panic?: string;
}

function num(s: string | undefined): number | undefined {
  return s === undefined ? undefined : Number(s);
}

export function parseGuestLog(log: string): GuestLog {
  const out: GuestLog = { ended: false, dev: {}, features: {}, e2e: {}, e2eDetail: {}, uptime: {} };
  let attempt: Attempt | undefined;
  for (const raw of log.split('\n')) {
    const line = raw.replace(/\r$/, '');
    let m: RegExpExecArray | null;
    const refused = line.includes('BLCR-KLOG') ? parseRefusal(line) : undefined;
    if (refused && attempt === 'wrong') out.refusal ??= refused;
    if (refused && attempt === 'tampered') out.tamperedRefusal ??= refused;
    if ((m = /BLCR-BEGIN (\S+)/.exec(line))) out.release = m[1];
    else if ((m = /BLCR-TAMPERED rc=(\d+)/.exec(line))) {
      out.tamperedRc = num(m[1]);
      attempt = 'tampered';
    }
    else if ((m = /BLCR-END status=(\d+)/.exec(line))) {
      out.ended = true;
      out.endStatus = num(m[1]);
    } else if ((m = /BLCR-WRONGMAP rc=(\d+)/.exec(line))) {
      out.wrongMapRc = num(m[1]);
      attempt = 'wrong';
    } else if ((m = /BLCR-INSMOD rc=(\d+)/.exec(line))) {
      out.insmodRc = num(m[1]);
      attempt = 'right';
    }
    else if ((m = /BLCR-RMMOD rc=(\d+)/.exec(line))) out.rmmodRc = num(m[1]);
    else if ((m = /BLCR-UPTIME (init|end) ([\d.]+)/.exec(line))) out.uptime[m[1] as 'init' | 'end'] = num(m[2]);
    else if ((m = /BLCR-FEATURE ([\w-]+)=(yes|no)/.exec(line)) && m[1] !== undefined) out.features[m[1]] = m[2] === 'yes';
    else if ((m = /BLCR-E2E (root|user)=(pass|fail|n\/a)\s*(.*)$/.exec(line))) {
      const who = m[1] as 'root' | 'user';
      out.e2e[who] = m[2] as E2eState;
      out.e2eDetail[who] = (m[3] ?? '').replace(/^\(|\)$/g, '');
    } else if (line.includes('BLCR-DEV ')) {
      for (const kv of line.slice(line.indexOf('BLCR-DEV ') + 9).matchAll(/([\w+-]+)=(\S+)/g)) {
        if (kv[1] !== undefined && kv[2] !== undefined) out.dev[kv[1]] = kv[2];
      }
    } else if ((m = /(Kernel panic - not syncing: .*)$/.exec(line)) && out.panic === undefined) out.panic = m[1];
  }
  // logs without markers around the kernel lines (a plain dmesg): the last refusal
  if (out.refusal === undefined && out.wrongMapRc !== undefined && out.tamperedRc === undefined) {
    const refusal = parseRefusal(log);
    if (refusal) out.refusal = refusal;
  }
  const acceptance = parseAcceptance(log);
  if (acceptance) out.acceptance = acceptance;
  return out;
}

/** The lines worth showing when a cell fails: markers, kernel log lines of blcr, panics. */
export function logExcerpt(log: string, max = 25): string {
  const keep = log.split('\n').filter((l) => /BLCR-|blcr: |Kernel panic|BUG:|Oops|Call Trace|insmod:/.test(l));
  return (keep.length ? keep : log.split('\n')).slice(-max).join('\n');
}

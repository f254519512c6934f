/** Reads blcr.ko's load-time verdict out of kernel log text (dmesg or a console log). */

export interface Refusal {
  /** The symbol the module named (one pr_err per refusal). */
  symbol: string;
  /** The System.map address it was given, hex without 0x. */
  mapAddress: string;
  /** The whole kernel log line. */
  line: string;
}

export interface Acceptance {
  checked: number;
  release: string;
  pidHelper: boolean;
}

const REFUSE_RE = /blcr: refusing to load: System\.map entry for (\S+) \(([0-9a-f]+)\)/;
const NO_ADDR_RE = /blcr: refusing to load: no System\.map address for (\S+);/;
const ACCEPT_RE = /blcr: verified (\d+) symbols against System\.map of (\S+); \/dev\/blcr ready \(abi \d+, pid helper (on|off)\)/;

/** The last refusal in the log, if any. */
export function parseRefusal(log: string): Refusal | undefined {
  let out: Refusal | undefined;
  for (const raw of log.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = REFUSE_RE.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) out = { symbol: m[1], mapAddress: m[2], line: line.trim() };
    const n = NO_ADDR_RE.exec(line);
    if (n?.[1] !== undefined) out = { symbol: n[1], mapAddress: '', line: line.trim() };
  }
  return out;
}

/** The last successful verification in the log, if any. */
export function parseAcceptance(log: string): Acceptance | undefined {
  let out: Acceptance | undefined;
  for (const line of log.split('\n')) {
    const m = ACCEPT_RE.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) out = { checked: Number(m[1]), release: m[2], pidHelper: m[3] === 'on' };
  }
  return out;
}

/**
 * Kernel symbol tables: System.map and /proc/kallsyms ("ADDR TYPE NAME[\t[module]]") and
 * Linux 2.4's /proc/ksyms ("ADDR NAME[_Rcrc][\t[module]]", exported symbols only, no type).
 */
export interface Sym {
  addr: bigint;
  /** nm type letter (T, t, D, B, A, ...); "?" for /proc/ksyms, which has none. */
  type: string;
  name: string;
}

export type SymbolFormat = 'nm' | 'ksyms';

const NM_LINE = /^([0-9a-fA-F]{1,16})\s+(\S)\s+(\S+)/;
const KSYMS_LINE = /^([0-9a-fA-F]{1,16})\s+(\S+)/;
/** 2.4 CONFIG_MODVERSIONS appended "_R" + the symbol's CRC to every exported name. */
const MODVERSIONS_SUFFIX = /_R(?:smp_)?[0-9a-f]{8}$/;

export function parseSymbols(text: string, format: SymbolFormat = 'nm'): Sym[] {
  const out: Sym[] = [];
  for (const line of text.split('\n')) {
    if (line.includes('\t[')) continue; // module symbols: not part of the kernel image
    if (format === 'nm') {
      const m = NM_LINE.exec(line);
      if (m?.[1] && m[2] && m[3]) out.push({ addr: BigInt(`0x${m[1]}`), type: m[2], name: m[3] });
    } else {
      const m = KSYMS_LINE.exec(line);
      if (m?.[1] && m[2]) out.push({ addr: BigInt(`0x${m[1]}`), type: '?', name: m[2].replace(MODVERSIONS_SUFFIX, '') });
    }
  }
  return out;
}

export function hex(n: bigint): string {
  return n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

/** Name → every address it has (static functions share names). */
export function indexByName(syms: readonly Sym[]): Map<string, bigint[]> {
  const idx = new Map<string, bigint[]>();
  for (const s of syms) {
    const list = idx.get(s.name);
    if (list) list.push(s.addr);
    else idx.set(s.name, [s.addr]);
  }
  return idx;
}

/**
 * Does a System.map belong to the running kernel? Derive the KASLR slide from an anchor
 * (_stext, else _text), require it to be a multiple of CONFIG_PHYSICAL_ALIGN, then check a
 * spread-out sample of text/data symbols at map address + slide. Per-cpu symbols (below
 * 0x100000, or inside __per_cpu_start..__per_cpu_end) and absolute ones are not slid: skipped.
 */
import { hex, indexByName, type Sym, type SymbolFormat } from './symbols.js';

export type VerifyVerdict = 'match' | 'mismatch' | 'unverifiable';

export type Mismatch = {
  symbol: string;
  map: string;
  /** Where the running kernel has it, or null when it has no such symbol. */
  kallsyms: string | null;
};

export type VerifyResult = {
  verdict: VerifyVerdict;
  anchor: string | null;
  slide: string | null;
  slideAligned: boolean;
  checked: number;
  matched: number;
  missing: number;
  firstMismatch: Mismatch | null;
  reason: string;
};

export const SAMPLE_SIZE = 64;
const PER_CPU_LIMIT = 0x100000n;
const TEXT = new Set(['T', 't']);
const DATA = new Set(['D', 'd']);

function empty(verdict: VerifyVerdict, reason: string): VerifyResult {
  return { verdict, anchor: null, slide: null, slideAligned: false, checked: 0, matched: 0, missing: 0, firstMismatch: null, reason };
}

export function verifyMap(map: readonly Sym[], live: readonly Sym[], opts: { physicalAlign: number; format: SymbolFormat; sampleSize?: number }): VerifyResult {
  const src = opts.format === 'ksyms' ? '/proc/ksyms' : '/proc/kallsyms';
  if (live.length === 0) return empty('unverifiable', `${src} lists no kernel symbols`);
  if (live.every((s) => s.addr === 0n)) {
    return empty('unverifiable', `${src} shows every address as 0 (kernel.kptr_restrict hides them from this user)`);
  }
  const liveIdx = indexByName(live);
  const mapIdx = indexByName(map);
  const pcStart = mapIdx.get('__per_cpu_start')?.[0];
  const pcEnd = mapIdx.get('__per_cpu_end')?.[0];
  const slid = (s: Sym): boolean =>
    s.type !== 'A' && s.type !== 'a' && s.addr >= PER_CPU_LIMIT && !(pcStart !== undefined && pcEnd !== undefined && s.addr >= pcStart && s.addr < pcEnd);

  // Text symbols are always in kallsyms; data ones only with CONFIG_KALLSYMS_ALL, so a data
  // symbol kallsyms lacks is skipped, not counted missing. /proc/ksyms lists exports only.
  const kinds = (s: Sym): boolean => TEXT.has(s.type) || DATA.has(s.type);
  const candidates = map.filter((s) => slid(s) && kinds(s) && mapIdx.get(s.name)?.length === 1);
  const usable = opts.format === 'ksyms' ? candidates.filter((s) => liveIdx.has(s.name)) : candidates;

  const anchorSym = ['_stext', '_text'].map((n) => map.find((s) => s.name === n && liveIdx.has(n))).find((s) => s !== undefined) ?? usable[0];
  if (!anchorSym) return empty('mismatch', `no symbol of the map appears in ${src}`);
  const liveAnchor = liveIdx.get(anchorSym.name)?.[0] ?? 0n;
  const slide = liveAnchor - anchorSym.addr;
  const align = BigInt(opts.physicalAlign);
  const slideAligned = align > 0n ? slide % align === 0n : true;

  const sample = pickSample(usable, opts.sampleSize ?? SAMPLE_SIZE);
  if (!sample.includes(anchorSym)) sample.unshift(anchorSym);
  sample.sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
  let matched = 0;
  let missing = 0;
  let skipped = 0;
  let firstWrong: Mismatch | null = null;
  let firstMissing: Mismatch | null = null;
  for (const s of sample) {
    const at = liveIdx.get(s.name);
    const want = s.addr + slide;
    if (!at && DATA.has(s.type)) skipped++;
    else if (!at) {
      missing++;
      firstMissing ??= { symbol: s.name, map: hex(s.addr), kallsyms: null };
    } else if (at.includes(want)) matched++;
    else firstWrong ??= { symbol: s.name, map: hex(s.addr), kallsyms: hex(at[0] ?? 0n) };
  }
  const firstMismatch = slideAligned ? firstWrong ?? firstMissing : { symbol: anchorSym.name, map: hex(anchorSym.addr), kallsyms: hex(liveAnchor) };
  const verdict: VerifyVerdict = firstMismatch ? 'mismatch' : 'match';
  const reason = !slideAligned
    ? `slide ${hex(slide)} from ${anchorSym.name} is not a multiple of the physical alignment ${hex(align)}`
    : firstMismatch
      ? firstMismatch.kallsyms === null
        ? `${firstMismatch.symbol} is in the map but not in ${src}`
        : `${firstMismatch.symbol} is at ${firstMismatch.map} in the map, expected ${hex(BigInt(firstMismatch.map) + slide)} but ${src} has ${firstMismatch.kallsyms}`
      : `${matched} of ${sample.length - skipped} symbols agree with ${src} at slide ${hex(slide)}`;
  return { verdict, anchor: anchorSym.name, slide: hex(slide), slideAligned, checked: sample.length - skipped, matched, missing, firstMismatch, reason };
}

/** Up to n symbols spread evenly over the candidates (deterministic). */
export function pickSample(cands: readonly Sym[], n: number): Sym[] {
  if (cands.length <= n) return [...cands];
  const out: Sym[] = [];
  for (let i = 0; i < n; i++) {
    const s = cands[Math.floor((i * cands.length) / n)];
    if (s) out.push(s);
  }
  return out;
}

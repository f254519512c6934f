/**
 * Classifying a System.map: Debian's one-line stub, a Fedora Core 2 style stripped map,
 * or a full one. Pure functions over the text; the probe does the finding.
 */
import { parseSymbols, type Sym } from './symbols.js';

export type MapKind = 'full' | 'stub' | 'stripped';

export interface MapClass {
  kind: MapKind;
  symbols: number;
  /** Why it is a stub/stripped ("_stext is followed directly by _end"), or "" when full. */
  reason: string;
  /** The package a stub points at ("linux-image-<version>-dbg"). */
  stubPackage: string | null;
  /** Parsed symbols (empty for a stub). */
  syms: Sym[];
}

/** Fewer symbols than this cannot be a kernel's full map (a 2.4 kernel already had ~10k). */
export const MIN_FULL_SYMBOLS = 100;

export function classifyMap(text: string): MapClass {
  const stub = /The real System\.map is in the (\S+) package/.exec(text);
  const syms = parseSymbols(text);
  if (stub || (syms.length > 0 && syms.length <= 3 && syms.every((s) => /^f+$/i.test(s.addr.toString(16))))) {
    return { kind: 'stub', symbols: 0, reason: firstText(text), stubPackage: stub?.[1] ?? null, syms: [] };
  }
  const stripped = strippedReason(syms);
  if (stripped) return { kind: 'stripped', symbols: syms.length, reason: stripped, stubPackage: null, syms };
  return { kind: 'full', symbols: syms.length, reason: '', stubPackage: null, syms };
}

/** BLCR's test (the line before `_end` is `_stext`), plus: too few symbols, no local text symbols. */
export function strippedReason(syms: readonly Sym[]): string {
  const end = syms.findIndex((s) => s.name === '_end');
  if (end > 0 && syms[end - 1]?.name === '_stext') return '_stext is followed directly by _end (Fedora Core 2 style stripped map)';
  if (syms.length < MIN_FULL_SYMBOLS) return `only ${syms.length} symbols (a full map has tens of thousands)`;
  if (!syms.some((s) => s.type === 't')) return "no local text ('t') symbols: only the exported ones were kept";
  return '';
}

function firstText(text: string): string {
  return text.split('\n', 1)[0]?.trim() ?? '';
}

/** The release a map names in its file name or path (System.map-6.1.0-56-amd64, /lib/modules/R/build/System.map). */
export function releaseFromPath(path: string): string | null {
  const named = /System\.map-(.+)$/.exec(path);
  if (named?.[1]) return named[1];
  const mod = /\/lib\/modules\/([^/]+)\//.exec(path);
  return mod?.[1] ?? null;
}

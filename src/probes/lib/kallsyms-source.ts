/**
 * The running kernel's symbol list, read once per host: /proc/kallsyms (2.6+), else 2.4's
 * /proc/ksyms. Shared by the kallsyms and system-map-kallsyms probes.
 */
import type { Host } from '../../host/host.js';
import { parseSymbols, type Sym, type SymbolFormat } from './symbols.js';

export interface LiveSymbols {
  path: string | null;
  format: SymbolFormat;
  syms: Sym[];
}

const memo = new WeakMap<Host, Promise<LiveSymbols>>();

export function liveSymbols(host: Host): Promise<LiveSymbols> {
  let p = memo.get(host);
  if (!p) {
    p = load(host);
    memo.set(host, p);
  }
  return p;
}

async function load(host: Host): Promise<LiveSymbols> {
  const kallsyms = await host.readText('/proc/kallsyms');
  if (kallsyms !== undefined) return { path: '/proc/kallsyms', format: 'nm', syms: parseSymbols(kallsyms, 'nm') };
  const ksyms = await host.readText('/proc/ksyms');
  if (ksyms !== undefined) return { path: '/proc/ksyms', format: 'ksyms', syms: parseSymbols(ksyms, 'ksyms') };
  return { path: null, format: 'nm', syms: [] };
}

/**
 * System.map → insmod parameters for blcr.ko. The module (native/kmod/main.c) takes one
 * `<name>_addr` parameter per symbol it verifies: the exported anchor that gives the KASLR
 * slide, exported cross-checks and the unexported imports. test/unit/kmod checks this list
 * against the C source so the two cannot drift.
 */
import { BlcrError } from '../model/errors.js';

export type SymbolRole = 'anchor' | 'exported' | 'import';

export interface ModuleSymbol {
  /** Parameter name in blcr.ko. */
  param: string;
  /** Names to look for in System.map, first found wins (renames across kernels). */
  names: readonly string[];
  role: SymbolRole;
}

export const MODULE_SYMBOLS: readonly ModuleSymbol[] = [
  { param: 'anchor_addr', names: ['__register_chrdev'], role: 'anchor' },
  { param: 'kfree_addr', names: ['kfree'], role: 'exported' },
  { param: 'schedule_addr', names: ['schedule'], role: 'exported' },
  { param: 'init_task_addr', names: ['init_task'], role: 'exported' },
  { param: 'kernel_clone_addr', names: ['kernel_clone', '_do_fork'], role: 'import' },
  { param: 'pidmap_lock_addr', names: ['pidmap_lock'], role: 'import' },
];

/** First address of each wanted name in a System.map text ("ffffffff81000000 T _text"). */
export function lookupSymbols(mapText: string, wanted: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of mapText.split('\n')) {
    const sp2 = line.lastIndexOf(' ');
    if (sp2 < 0) continue;
    const name = line.slice(sp2 + 1).trim();
    if (!wanted.has(name) || found.has(name)) continue;
    const addr = line.slice(0, line.indexOf(' '));
    if (/^[0-9a-f]{8,16}$/i.test(addr)) found.set(name, addr.toLowerCase());
    if (found.size === wanted.size) break;
  }
  return found;
}

export interface ModuleParams {
  /** `name=0xaddr` words for insmod, in MODULE_SYMBOLS order. */
  args: string[];
  /** Symbol name → System.map address, for reports. */
  symbols: Record<string, string>;
  /** Imports the map lacks: the module loads with that feature off. */
  missingImports: string[];
}

/**
 * Computes the insmod parameters. The anchor and exported cross-checks are required (a map
 * without them is a stub or stripped map); a missing import only switches its feature off.
 */
export function mapToParams(mapText: string, mapPath: string): ModuleParams {
  const wanted = new Set(MODULE_SYMBOLS.flatMap((s) => s.names));
  const found = lookupSymbols(mapText, wanted);
  const args: string[] = [];
  const symbols: Record<string, string> = {};
  const missingImports: string[] = [];
  for (const sym of MODULE_SYMBOLS) {
    const name = sym.names.find((n) => found.has(n));
    const addr = name === undefined ? undefined : found.get(name);
    if (name === undefined || addr === undefined) {
      if (sym.role === 'import') {
        missingImports.push(sym.names[0] ?? sym.param);
        continue;
      }
      throw new BlcrError('BLCR_E_STRIPPED_SYSTEM_MAP', `${mapPath} has no ${sym.names.join('/')} (found ${found.size} of the symbols blcr.ko checks)`, {
        hint: 'pass the full System.map of the running kernel (Debian: the linux-image-$(uname -r)-dbg package) with --system-map=PATH',
      });
    }
    args.push(`${sym.param}=0x${addr}`);
    symbols[name] = addr;
  }
  return { args, symbols, missingImports };
}

/** The same parameters with one symbol's address moved by `delta` bytes (refusal tests). */
export function tamperParams(args: readonly string[], param: string, delta: number): string[] {
  return args.map((a) => {
    const [name, value] = a.split('=');
    if (name !== param || value === undefined) return a;
    return `${name}=0x${(BigInt(value) + BigInt(delta)).toString(16)}`;
  });
}

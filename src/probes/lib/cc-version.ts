/**
 * Compiler identification from `$CC --version`, CONFIG_CC_VERSION_TEXT and /proc/version:
 * "gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0", "gcc (GCC) 15.3.0", "gcc version 4.1.2 ...",
 * "Debian clang version 14.0.6".
 */
export interface CcId {
  family: 'gcc' | 'clang' | 'unknown';
  version: string | null;
  text: string;
}

export type CcMatch = 'exact' | 'major' | 'mismatch' | 'unknown';

export function parseCc(text: string): CcId {
  const t = text.trim();
  const family = /clang/i.test(t) ? 'clang' : /\bgcc\b|\bGCC\b|gcc-\d/.test(t) ? 'gcc' : 'unknown';
  const m =
    /(?:gcc|clang) version (\d+(?:\.\d+)+)/.exec(t) ??
    /\)\s+(\d+\.\d+(?:\.\d+)?)/.exec(t) ??
    /(\d+\.\d+(?:\.\d+)?)/.exec(t);
  return { family, version: m?.[1] ?? null, text: t };
}

/** The compiler part of /proc/version: "(gcc (GCC) 15.3.0, GNU ld (GNU Binutils) 2.46)" → "gcc (GCC) 15.3.0". */
export function ccFromProcVersion(procVersion: string): string | null {
  const start = procVersion.search(/\(gcc|gcc version|\(\S*clang|clang version/);
  if (start < 0) return null;
  let part = procVersion.slice(start).split(' #', 1)[0] ?? '';
  part = part.split(/,\s*(?:GNU ld|LLD)/, 1)[0] ?? part;
  if (part.startsWith('(')) part = part.slice(1);
  // Balance parentheses: drop the closing ones that belonged to the outer group.
  while ((part.match(/\)/g)?.length ?? 0) > (part.match(/\(/g)?.length ?? 0) && part.endsWith(')')) part = part.slice(0, -1);
  return part.trim() || null;
}

/** gcc >= 5 and clang version by major; older gcc by major.minor (2.6.0-2.6.18 enforced that). */
export function majorOf(id: CcId): string | null {
  if (!id.version) return null;
  const [maj, min] = id.version.split('.');
  if (id.family === 'gcc' && Number(maj) < 5) return `${maj}.${min ?? '0'}`;
  return maj ?? null;
}

export function compareCc(ours: CcId, kernel: CcId): CcMatch {
  if (!ours.version || !kernel.version || ours.family === 'unknown' || kernel.family === 'unknown') return 'unknown';
  if (ours.family !== kernel.family) return 'mismatch';
  if (ours.version === kernel.version) return 'exact';
  return majorOf(ours) === majorOf(kernel) ? 'major' : 'mismatch';
}

/** The BLCR FAQ fix: configure with the kernel's compiler. */
export function ccHint(kernel: CcId): string {
  const major = majorOf(kernel) ?? 'X';
  const bin = kernel.family === 'clang' ? `clang-${major}` : `gcc-${major}`;
  return `install ${bin} (the compiler that built this kernel) and run ./configure CC=/usr/bin/${bin}`;
}

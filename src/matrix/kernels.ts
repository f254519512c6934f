/**
 * The kernels the matrix proves: Debian ABIs pinned exactly (old ABIs lose their headers
 * from the archive, so meta packages would drift), with the suite that carries them and the
 * compiler their headers name (CONFIG_CC_VERSION_TEXT).
 */
export interface MatrixKernel {
  /** Series label used in tables ("6.1"). */
  series: string;
  /** Debian ABI name: `uname -r` of the booted kernel. */
  release: string;
  /** Suite that carries the packages (for the report; apt finds them by name). */
  suite: string;
  /** Compiler the headers ask for. */
  cc: string;
  /** Debian release whose chroot provides `cc` when the host lacks it. */
  ccSuite: string;
}

export const MATRIX_KERNELS: readonly MatrixKernel[] = [
  { series: '5.10', release: '5.10.0-46-amd64', suite: 'bullseye-security', cc: 'gcc-10', ccSuite: 'bullseye' },
  { series: '6.1', release: '6.1.0-56-amd64', suite: 'bookworm-security', cc: 'gcc-12', ccSuite: 'bookworm' },
  { series: '6.12', release: '6.12.117+deb12-amd64', suite: 'bookworm-security', cc: 'gcc-12', ccSuite: 'bookworm' },
  { series: '7.3', release: '7.3.4+deb13-amd64', suite: 'trixie-backports', cc: 'gcc-14', ccSuite: 'trixie' },
];

/** The compiler suite for a `gcc-N` name (headers' .kernelvariables / CONFIG_CC_VERSION_TEXT). */
export function suiteForCc(cc: string): string | undefined {
  const m = /gcc-(\d+)/.exec(cc);
  const major = m?.[1];
  return major === undefined ? undefined : ({ '10': 'bullseye', '12': 'bookworm', '14': 'trixie' } as Record<string, string>)[major];
}

/** Picks kernels by series or release ("6.1,7.3"); all when the filter is empty. */
export function selectKernels(filter: string | undefined, all: readonly MatrixKernel[] = MATRIX_KERNELS): MatrixKernel[] {
  if (filter === undefined || filter.trim() === '') return [...all];
  const wanted = filter.split(',').map((s) => s.trim()).filter(Boolean);
  return all.filter((k) => wanted.includes(k.series) || wanted.includes(k.release));
}

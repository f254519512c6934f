/** Fields of /proc/self/status ("CapEff:\t000001ffffffffff"). */
export function statusField(status: string | undefined, name: string): string | null {
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status ?? '');
  return m?.[1]?.trim() ?? null;
}

export function hasCap(capHex: string | null, bit: number): boolean {
  if (!capHex || !/^[0-9a-fA-F]+$/.test(capHex)) return false;
  return ((BigInt(`0x${capHex}`) >> BigInt(bit)) & 1n) === 1n;
}

export const CAP = { SYS_PTRACE: 19, SYS_ADMIN: 21, SYS_RESOURCE: 24, CHECKPOINT_RESTORE: 40 } as const;

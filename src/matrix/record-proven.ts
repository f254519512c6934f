/**
 * `npm run matrix -- --record`: the kernel-db learns which kernels the matrix proved.
 * Each report row updates its kernel-db/proven.json entry (the host entry follows the
 * host's current release string, which changes between boots of this VM).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { KernelRow } from './table.js';

type Cell = boolean | null;
const CELLS = ['builds', 'loads', 'mapVerified', 'wrongMapRefused', 'e2eRoot', 'e2eUser'] as const;

interface ProvenEntry {
  release: string;
  column: 'host' | 'matrix';
  status: 'pending' | 'proven' | 'failed';
  cells: Record<(typeof CELLS)[number], Cell>;
  updated: string | null;
  [k: string]: unknown;
}

interface ProvenFile {
  kernels: ProvenEntry[];
  [k: string]: unknown;
}

function cellValue(state: string | undefined): Cell {
  if (state === 'pass') return true;
  if (state === 'fail') return false;
  return null;
}

/** The proven-file text after applying rows; pure, so it is unit-tested without the matrix. */
export function applyRows(text: string, rows: readonly KernelRow[], generatedAt: string): string {
  const file = JSON.parse(text) as ProvenFile;
  for (const row of rows) {
    const isHost = row.series.startsWith('host');
    const entry = file.kernels.find((k) => (isHost ? k.column === 'host' : k.release === row.kernel));
    if (!entry) continue;
    if (isHost) entry.release = row.kernel;
    for (const c of CELLS) entry.cells[c] = cellValue(row.cells[c]?.state);
    const values = CELLS.map((c) => entry.cells[c]);
    entry.status = values.includes(false) ? 'failed' : values.includes(true) ? 'proven' : 'pending';
    entry.updated = generatedAt;
  }
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function recordProven(path: string, rows: readonly KernelRow[], generatedAt: string): void {
  writeFileSync(path, applyRows(readFileSync(path, 'utf8'), rows, generatedAt));
}

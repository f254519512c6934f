/** The matrix table: kernel × {builds, loads, map verified, wrong map refused, e2e root, e2e user}. */
import type { GuestLog } from './parse-log.js';

export type CellState = 'pass' | 'fail' | 'n/a';

export interface Cell {
  state: CellState;
  note: string;
}

export const COLUMNS = ['builds', 'loads', 'mapVerified', 'wrongMapRefused', 'pidHelper', 'e2eRoot', 'e2eUser'] as const;
export type Column = (typeof COLUMNS)[number];
const TITLES: Record<Column, string> = {
  builds: 'builds', loads: 'loads', mapVerified: 'map verified', wrongMapRefused: 'wrong map refused', pidHelper: '/dev/blcr pid helper', e2eRoot: 'e2e root', e2eUser: 'e2e user',
};

export interface KernelRow {
  kernel: string;
  series: string;
  cells: Record<Column, Cell>;
  /** Guest features by probe id (crfeatures). */
  features: Record<string, boolean>;
  timings: Record<string, number>;
  /** Guest log excerpt when a cell failed. */
  excerpt?: string;
}

const cell = (state: CellState, note = ''): Cell => ({ state, note });

/** Cells of a booted guest kernel, from its build result and console log. */
export function guestCells(built: { ok: boolean; compiler: string }, g: GuestLog | undefined): Record<Column, Cell> {
  const builds = built.ok ? cell('pass', built.compiler) : cell('fail', built.compiler);
  if (!built.ok || g === undefined) {
    const na = cell('n/a', built.ok ? 'not booted' : 'no module');
    return { builds, loads: na, mapVerified: na, wrongMapRefused: na, pidHelper: na, e2eRoot: na, e2eUser: na };
  }
  const loads = g.insmodRc === 0 ? cell('pass', g.dev.pidhelper ? `pid helper ${g.dev.pidhelper}` : '') : cell('fail', g.insmodRc === undefined ? 'no insmod result' : `insmod rc=${g.insmodRc}`);
  const verified = g.acceptance !== undefined && g.dev.verified === '1'
    ? cell('pass', `${g.acceptance.checked} symbols`)
    : cell('fail', g.refusal ? `refused: ${g.refusal.symbol}` : 'no verification line');
  let wrong: Cell;
  if (g.wrongMapRc === undefined) wrong = cell('n/a', 'no other map');
  else if (g.wrongMapRc !== 0 && g.refusal) wrong = cell('pass', `names ${g.refusal.symbol}`);
  else wrong = cell('fail', g.wrongMapRc === 0 ? 'loaded with a wrong map' : 'refused without naming a symbol');
  if (g.tamperedRc !== undefined && wrong.state === 'pass') {
    const t = g.tamperedRefusal;
    wrong = g.tamperedRc !== 0 && t ? cell('pass', `${wrong.note}; moved ${t.symbol} named`) : cell('fail', g.tamperedRc === 0 ? 'loaded with a moved kernel_clone' : 'moved kernel_clone refused without naming it');
  }
  const helperChecks = Object.entries(g.dev).filter(([k]) => ['root', 'user', 'busy+inval', 'pidns-root', 'pidns-user'].includes(k));
  let pidHelper: Cell;
  if (g.dev.pidhelper === 'off') pidHelper = cell('n/a', 'off: kernel_clone not callable (IBT)');
  else if (helperChecks.length === 0) pidHelper = cell('fail', 'no blcr-devtest result');
  else {
    const bad = helperChecks.filter(([, v]) => v !== 'ok').map(([k]) => k);
    pidHelper = bad.length ? cell('fail', `failed: ${bad.join(', ')}`) : cell('pass', 'root, uid 1000, busy/inval, own pid ns');
  }
  const e2e = (who: 'root' | 'user'): Cell => {
    const s = g.e2e[who];
    return s === undefined ? cell('fail', 'no result') : cell(s, g.e2eDetail[who] ?? '');
  };
  return { builds, loads, mapVerified: verified, wrongMapRefused: wrong, pidHelper, e2eRoot: e2e('root'), e2eUser: e2e('user') };
}

export function rowFailed(row: KernelRow): boolean {
  return COLUMNS.some((c) => row.cells[c].state === 'fail');
}

const SYMBOL: Record<CellState, string> = { pass: '✅', fail: '❌', 'n/a': 'n/a' };

export function renderMarkdown(rows: readonly KernelRow[]): string {
  const head = `| kernel | ${COLUMNS.map((c) => TITLES[c]).join(' | ')} |`;
  const sep = `|---|${COLUMNS.map(() => '---').join('|')}|`;
  const body = rows.map((r) => {
    const cells = COLUMNS.map((c) => {
      const { state, note } = r.cells[c];
      return note ? `${SYMBOL[state]} ${note.replace(/\|/g, '\\|')}` : SYMBOL[state];
    });
    return `| ${r.series} (\`${r.kernel}\`) | ${cells.join(' | ')} |`;
  });
  return [head, sep, ...body].join('\n');
}

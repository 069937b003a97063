/** The SLO section's words, shared by the Markdown and HTML renderings: plain text, the renderers escape it. Pure. */
import { formatValue, plural } from '../unit-format.js';
import type { SloFiguresRow, SloRow } from './model.js';
import { groupText } from './text.js';

export const SLO_HEADER = ['SLO', 'Objective', 'SLI', 'Budget consumed in the period', 'Budget remaining at the end', 'Status', 'Incidents'] as const;

const percent = (v: number | null): string => formatValue(v, 'percent');

/** `40% (20 of 50 bad events allowed)`; `0 bad events` when the window has none allowed. */
export function consumedText(row: SloFiguresRow): string {
  if (row.consumed === null) return row.bad === 0 ? 'none' : `${plural(row.bad, 'bad event')} (no budget)`;
  return `${percent(row.consumed)} (${row.bad} of ${formatValue(row.budget, 'count')} bad events allowed)`;
}

/** The cells of an SLO's row, then one row per group: [title, objective, sli, consumed, remaining, incidents]; status apart. */
export function sloCells(row: SloRow): { cells: string[]; status: SloFiguresRow['status'] }[] {
  const incidents = row.incidents.length ? row.incidents.map((i) => `${i.id} (${i.why === 'alert' ? 'its alert' : 'overlaps a burn'})`).join(', ') : '–';
  const own = {
    cells: [row.title, percent(row.objective), `${percent(row.sli)} over ${row.window}`, row.error ?? consumedText(row), row.error ? '–' : percent(row.remaining), incidents],
    status: row.status,
  };
  const groups = row.groups.map((g) => ({
    cells: [`${row.title} (${groupText(g.group)})`, percent(row.objective), `${percent(g.sli)} over ${row.window}`, consumedText(g), percent(g.remaining), ''],
    status: g.status,
  }));
  return [own, ...groups];
}

export const SLO_NOTE =
  'Consumed: bad events in the period against the budget (the bad events the objective allows) of the window ending with the period. Incidents: declared from or joined by the SLO’s alerts, or overlapping a minute in which it burned faster than its budget allows.';

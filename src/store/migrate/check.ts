/**
 * The check at the end of a migration: for each kind of record, the rows in
 * the source beside the rows in the target (events: distinct ids by type), and
 * each id counter's next number; printed as a table, mismatches named.
 */
import { COUNTERS, sourceCounters, targetCounters } from './incidents.js';
import type { RecordKind } from './kind.js';
import type { Source } from './source.js';
import type { Target } from './target.js';

export interface CountRow {
  readonly name: string;
  readonly source: number;
  readonly target: number;
  /** Rows: the same number on both sides; counters: the target's next number at least the source's. */
  readonly ok: boolean;
}

export async function checkCounts(kinds: readonly RecordKind[], source: Source, target: Target): Promise<CountRow[]> {
  const rows: CountRow[] = [];
  for (const kind of kinds) {
    const [s, t] = [await kind.sourceCount(source), await kind.targetCount(target)];
    rows.push({ name: kind.name, source: s, target: t, ok: s === t });
  }
  const [from, to] = [await sourceCounters(source), await targetCounters(target)];
  for (const counter of COUNTERS) rows.push({ name: `next ${counter}`, source: from[counter], target: to[counter], ok: to[counter] >= from[counter] });
  return rows;
}

/** The counts as an aligned text table. Pure. */
export function countTable(rows: readonly CountRow[]): string {
  const head = ['table', 'source', 'target', ''];
  const body = rows.map((r) => [r.name, String(r.source), String(r.target), r.ok ? 'ok' : 'MISMATCH']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), ...body.map(line)].join('\n');
}

/** One line per mismatch, naming the table and both counts. Pure. */
export function mismatches(rows: readonly CountRow[]): string[] {
  return rows.filter((r) => !r.ok).map((r) => `${r.name}: ${r.source} in the embedded installation, ${r.target} in the scale-out backends`);
}

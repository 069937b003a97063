/** Formatting values and the status table for terminals. Pure. */
import type { MetricResult, PlanEvaluation } from './metrics/evaluate.js';
import type { Status } from './metrics/status.js';
import type { GroupKey } from './store/types.js';
import { formatValue } from './unit-format.js';

export { formatValue, plural } from './unit-format.js';

const COLOURS: Record<Status, string> = { green: '\u001b[32m', yellow: '\u001b[33m', red: '\u001b[31m', unknown: '\u001b[90m' };
const SYMBOLS: Record<Status, string> = { green: '●', yellow: '▲', red: '■', unknown: '○' };
const RESET = '\u001b[0m';

/** The status as word and symbol, coloured when asked: never colour alone. */
export function formatStatus(status: Status, colour: boolean): string {
  const text = `${SYMBOLS[status]} ${status}`;
  return colour ? `${COLOURS[status]}${text}${RESET}` : text;
}

function groupLabel(group: GroupKey): string {
  return Object.entries(group)
    .map(([k, v]) => `${k}=${v === null ? '(none)' : String(v)}`)
    .join(' ');
}

function targetText(metric: { target: MetricResult['target'] }): string {
  if (!metric.target) return '';
  return metric.target.yellow ? `${metric.target.green} (yellow ${metric.target.yellow})` : metric.target.green;
}

interface Row {
  readonly cells: readonly string[];
  readonly status: Status;
  /** False when there is no target to judge against: shown as a dash, not as "unknown". */
  readonly judged: boolean;
}

/** A readable table of every metric and its groups. */
export function renderStatusTable(evaluation: PlanEvaluation, options: { colour: boolean; product?: string }): string {
  const rows: Row[] = [];
  for (const metric of evaluation.metrics) {
    rows.push({ cells: [metric.title, formatValue(metric.value, metric.unit), targetText(metric), metric.window], status: metric.status, judged: metric.reason !== 'no_target' });
    for (const group of metric.groups) {
      rows.push({
        cells: [`  ${groupLabel(group.group)}`, formatValue(group.value, metric.unit), group.target ? targetText(group) : '', ''],
        status: group.status,
        judged: group.target !== null,
      });
    }
  }
  const header = ['METRIC', 'VALUE', 'TARGET', 'WINDOW', 'STATUS'];
  const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r.cells[i] ?? '')].length)));
  const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - [...text].length));
  const line = (cells: readonly string[], status: string): string => [...cells.map((c, i) => pad(c, widths[i] ?? 0)), status].join('  ');
  const title = `${options.product ? `${options.product} — ` : ''}evaluated at ${evaluation.evaluated_at}`;
  const counts = { green: 0, yellow: 0, red: 0, unknown: 0 };
  for (const metric of evaluation.metrics) counts[metric.status]++;
  const summary = (['green', 'yellow', 'red', 'unknown'] as const).map((s) => `${counts[s]} ${s}`).join(', ');
  return [title, '', line(header.slice(0, 4), header[4] ?? ''), ...rows.map((r) => line(r.cells, r.judged ? formatStatus(r.status, options.colour) : '–')), '', summary, ''].join('\n');
}

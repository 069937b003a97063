/** Formatting values and the status table for terminals. Pure. */
import type { MetricResult, PlanEvaluation } from './metrics/evaluate.js';
import type { Status } from './metrics/status.js';
import type { GroupKey } from './store/types.js';

/**
 * One decimal in the middle of the scale; near 0 % and 100 % as many as it
 * takes not to round onto the edge (0.09 % stays 0.09 %, 99.95 % never reads 100 %).
 */
function formatPercent(percent: number): string {
  if (percent === 0 || percent === 100) return String(percent);
  for (let decimals = 1; decimals < 6; decimals++) {
    const text = percent.toFixed(decimals);
    const rounded = Number(text);
    if (rounded !== 0 && Math.abs(rounded) !== 100 && (Math.abs(percent) >= 1 || decimals >= 2)) return text;
  }
  return percent.toPrecision(2);
}

/** A long time in milliseconds as people say it: 12.5 s, 10m, 1h 5m, 2d 3h. */
function formatLongDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(1)} s`;
  const units: readonly [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]];
  const index = Math.max(0, units.findIndex(([, size]) => abs >= size));
  const [bigName, bigSize] = units[index] ?? ['m', 60_000];
  const next = units[index + 1];
  if (!next) return `${sign}${Math.round(abs / bigSize)}${bigName}`;
  // Rounded in the smaller unit first, so 1h 59.7m reads 2h, never 1h 60m.
  const total = Math.round(abs / next[1]);
  const ratio = bigSize / next[1];
  const big = Math.floor(total / ratio);
  const small = total % ratio;
  return small > 0 ? `${sign}${big}${bigName} ${small}${next[0]}` : `${sign}${big}${bigName}`;
}

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '–';
  if (unit === 'percent') return `${formatPercent(value * 100)}%`;
  if (unit === 'ms' && Math.abs(value) >= 10_000) return formatLongDuration(value);
  if (unit === 'count') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  const rounded = Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
  return unit && unit !== 'count' ? `${rounded} ${unit}` : rounded;
}

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

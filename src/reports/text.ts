/** Words and numbers for reports, shared by the Markdown and HTML renderings. Pure. */
import { humanDuration } from '../incidents/text.js';
import { formatPoints, formatRelative, formatValue, plural } from '../unit-format.js';
import type { Status } from '../metrics/status.js';
import type { GroupKey } from '../store/types.js';
import type { Basis, Change, MetricRow, Report } from './model.js';

export const STATUS_EMOJI: Readonly<Record<Status, string>> = { green: '🟢', yellow: '🟡', red: '🔴', unknown: '⚪' };
export const STATUS_COLOUR: Readonly<Record<Status, string>> = { green: '#1a7f37', yellow: '#9a6700', red: '#cf222e', unknown: '#59636e' };

export const value = (v: number | null, unit: string): string => formatValue(v, unit);

export function statusText(status: Status): string {
  return `${STATUS_EMOJI[status]} ${status}`;
}

const ARROWS = { up: '↑', down: '↓', flat: '→' } as const;

/** `↑ +12.5%`, `↓ −3.0 pp` (percentages move in points), `↓ −0.04 pp` (never −0.0), `→ ±0.0%`; `–` without a previous value. */
export function changeText(change: Change | null): string {
  if (change === null) return '–';
  if (change.points !== null) return `${ARROWS[change.direction]} ${formatPoints(change.points)}`;
  if (change.relative === null) return `${ARROWS[change.direction]} (from 0)`;
  return `${ARROWS[change.direction]} ${formatRelative(change.relative)}`;
}

/** `better`, `worse`, or nothing when the target gives no direction or nothing moved. */
export function verdictText(change: Change | null): string {
  if (change?.better === true) return 'better';
  if (change?.better === false) return 'worse';
  return '';
}

export function trendText(row: MetricRow): string {
  const verdict = verdictText(row.change);
  return verdict ? `${changeText(row.change)} (${verdict})` : changeText(row.change);
}

export function durationText(ms: number | null): string {
  return ms === null ? '–' : humanDuration(ms);
}

export function groupText(group: GroupKey): string {
  return Object.entries(group)
    .map(([k, v]) => `${k}=${v === null ? '(none)' : String(v)}`)
    .join(' ');
}

export const BASIS_NOTE: Readonly<Record<Basis, string>> = {
  period: 'over the period',
  window_at_end: "the metric's window ending with the period",
  mean_of_windows: "mean of the metric's windows in the period",
};

/** `week in progress: 3 of 7 days` while the report's period is not over; '' once it is. */
export function progressText(report: Report): string {
  const progress = report.period.inProgress;
  if (!progress) return '';
  return `${report.kind === 'weekly' ? 'week' : 'month'} in progress: ${progress.days} of ${plural(progress.of, 'day')}`;
}

/** `testprod — Week 2026-W47 post-launch metrics (Nov 16–22, 2026)`, with `; week in progress: 3 of 7 days` inside the brackets while the week is not over. */
export function reportTitle(report: Report): string {
  const what = report.kind === 'weekly' ? `Week ${report.period.label}` : `Month ${report.period.label}`;
  const progress = progressText(report);
  return `${report.product} — ${what} post-launch metrics (${report.period.dates}${progress ? `; ${progress}` : ''})`;
}

/** The lines of the summary, without markup: `[label, value]`. */
export function summaryLines(report: Report): [string, string][] {
  const byId = new Map(report.metrics.map((m) => [m.id, m]));
  const lines: [string, string][] = [];
  const against = report.kind === 'weekly' ? 'previous week' : 'previous month';
  for (const id of report.summary.highlights) {
    const row = byId.get(id);
    if (!row) continue;
    const target = row.target ? `, target ${row.target}` : '';
    lines.push([row.title, `${value(row.value, row.unit)} ${STATUS_EMOJI[row.status]}${target} · ${trendText(row)} vs ${against}`]);
  }
  const i = report.incidents;
  lines.push(['SEV1 incidents', `${report.summary.sev1Incidents} declared (${plural(i.declared, 'incident')} in all, ${i.openAtEnd} open at the end)`]);
  lines.push(['Alerts fired', String(report.summary.alertsFired)]);
  const c = report.summary.counts;
  lines.push(['Overall health', `${statusText(report.summary.health)} (${c.green} green, ${c.yellow} yellow, ${c.red} red, ${c.unknown} unknown)`]);
  return lines;
}

/** A one-paragraph summary for chat channels: title, health, highlights. */
export function plainSummary(report: Report): string {
  return [reportTitle(report), ...summaryLines(report).map(([label, text]) => `• ${label}: ${text}`)].join('\n');
}

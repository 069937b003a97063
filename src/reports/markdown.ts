/** Reports as Markdown (GitHub flavour: tables), every cell escaped. Pure. */
import type { IncidentSummary, MetricRow, MonthlyReport, RegressionItem, Report, RetentionTable, WeeklyReport } from './model.js';
import { SLO_HEADER, SLO_NOTE, sloCells } from './slo-text.js';
import { hygieneTables, type HygieneSection } from './hygiene.js';
import { BASIS_NOTE, changeText, durationText, groupText, reportTitle, statusText, summaryLines, trendText, value, verdictText } from './text.js';

/**
 * Text safe in a table cell and in running text (never at the start of a line): no line breaks, and
 * the characters that start emphasis, code, links or a cell escaped, `<` only where it could open raw
 * HTML (before a letter, `/`, `!` or `?`) and `_` only where it could open or close emphasis (not inside
 * a word), so `<= 2%` and `p0_bugs` read as written in a terminal too.
 */
export function md(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/([\\`*[\]|~])/g, '\\$1')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/_/g, (underscore, at: number, whole: string) => (/\w/.test(whole[at - 1] ?? '') && /\w/.test(whole[at + 1] ?? '') ? underscore : '\\_'));
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function metricTable(rows: readonly MetricRow[]): string[] {
  return table(
    ['Metric', 'Target', 'Actual', 'Status', 'Trend'],
    rows.map((r) => [md(r.title), md(r.target ?? '–'), r.error ? (r.error.startsWith('unknown: ') ? md(r.error) : 'not measured') : md(value(r.value, r.unit)), statusText(r.status), md(trendText(r))]),
  );
}

function basisNotes(rows: readonly MetricRow[]): string[] {
  const noted = rows.filter((r) => r.basis !== 'period');
  if (noted.length === 0) return [];
  return ['', `Actual is measured over the period, except: ${noted.map((r) => `${md(r.title)} (${BASIS_NOTE[r.basis]})`).join('; ')}.`];
}

function movers(report: WeeklyReport): string[] {
  const byId = new Map(report.metrics.map((m) => [m.id, m]));
  const lines = report.movers.flatMap((id, i) => {
    const r = byId.get(id);
    if (!r) return [];
    const verdict = verdictText(r.change);
    return [`${i + 1}. **${md(r.title)}**: ${md(changeText(r.change))} (${md(value(r.previous, r.unit))} → ${md(value(r.value, r.unit))})${verdict ? `, ${verdict}` : ''}`];
  });
  return ['## Biggest movers', '', ...(lines.length ? lines : ['No metric moved against the previous week.'])];
}

function incidents(i: IncidentSummary): string[] {
  const out = ['## Incidents', '', `Declared: ${i.declared} · open at the end: ${i.openAtEnd} · MTTA: ${durationText(i.mttaMs)} · MTTR: ${durationText(i.mttrMs)}`, ''];
  if (i.list.length === 0) return [...out, 'No incidents.'];
  return [
    ...out,
    ...table(
      ['Incident', 'Severity', 'Title', 'Status', 'Declared', 'Resolved', 'Time to acknowledge', 'Time to resolve'],
      i.list.map((x) => [x.id, x.severity, md(x.title), md(x.status), x.declaredAt, x.resolvedAt ?? '–', durationText(x.timeToAcknowledgeMs), durationText(x.timeToResolveMs)]),
    ),
  ];
}

function releases(report: Report): string[] {
  if (report.releases.length === 0) return [];
  return ['', '## Releases', '', ...report.releases.map((r) => `- **${md(r.version)}** at ${r.at}${r.notes ? `: ${md(r.notes)}` : ''}`)];
}

function regressionLine(r: RegressionItem): string {
  const group = r.group ? ` (${md(groupText(r.group))})` : '';
  return `- **${md(r.title)}**${group}: ${md(value(r.value, r.unit))} against ${md(value(r.baselineValue, r.unit))} in baseline ${md(r.baseline)}, ${(r.degradation * 100).toFixed(1)}% worse`;
}

function regressions(report: Report): string[] {
  if (report.regressions.length === 0) return [];
  return ['', '## Regressions', '', ...report.regressions.map(regressionLine)];
}

/** The SLO section; nothing for a plan without SLOs. */
function slos(report: Report): string[] {
  if (report.slos.length === 0) return [];
  const rows = report.slos.flatMap(sloCells).map(({ cells, status }) => {
    const [title = '', objective = '', sli = '', consumed = '', remaining = '', incidents = ''] = cells.map(md);
    return [title, objective, sli, consumed, remaining, statusText(status), incidents];
  });
  return ['## SLOs', '', ...table(SLO_HEADER, rows), '', md(SLO_NOTE), ''];
}

function header(report: Report): string[] {
  const against = `${report.previous.label} (${report.previous.dates})`;
  return [
    `# ${md(reportTitle(report))}`,
    '',
    `_Generated ${report.generatedAt}; trends against ${against}. Times in UTC._`,
    '',
    '## Summary',
    '',
    ...summaryLines(report).map(([label, text]) => `- **${md(label)}**: ${md(text)}`),
    '',
  ];
}

export function weeklyMarkdown(report: WeeklyReport): string {
  const alerts = report.alerts.list.length
    ? table(['Fired at', 'Rule', 'Severity', 'Value'], report.alerts.list.map((a) => [a.at, md(a.rule), a.severity ?? '–', md(value(a.value, a.unit))]))
    : ['No alert fired.'];
  return [
    ...header(report),
    '## Detailed metrics',
    '',
    ...metricTable(report.metrics),
    ...basisNotes(report.metrics),
    '',
    ...slos(report),
    ...movers(report),
    '',
    `## Alerts (${report.alerts.fired} fired)`,
    '',
    ...alerts,
    '',
    ...incidents(report.incidents),
    ...releases(report),
    ...regressions(report),
    '',
    '## Action items',
    '',
    '1. _item — owner — due date_',
    '',
  ].join('\n');
}

/** The cohort tables: one row per week of first use; a week not yet complete is marked. */
function retention(tables: readonly RetentionTable[]): string[] {
  return tables.flatMap((t) => [
    `## Retention cohorts: ${md(t.title)}`,
    '',
    ...table(
      ['Week of first use', 'Users', `Active again after ${t.after}`, 'Retention'],
      t.rows.map((r) => [`${r.label} (${r.dates})`, String(r.size), String(r.retained), `${md(value(r.rate, 'percent'))}${r.complete ? '' : ' (so far)'}`]),
    ),
    '',
    `Activity counted up to ${t.asOf}; "so far": some of the week's users have not had ${t.after} yet.`,
    '',
  ]);
}

/** The alert hygiene tables (src/reports/hygiene.ts). */
function hygiene(section: HygieneSection | undefined): string[] {
  if (!section) return [];
  return hygieneTables(section).flatMap((t) => [`## ${md(t.title)}`, '', ...(t.rows.length ? table(t.header, t.rows.map((r) => r.map(md))) : [md(t.empty)]), '', ...(t.note ? [md(t.note), ''] : [])]);
}

export function monthlyMarkdown(report: MonthlyReport): string {
  const metrics = report.metrics;
  const weekTable = table(
    ['Metric', ...report.weeks.map((w) => `${w.label} (${w.dates})`)],
    metrics.map((m) => [md(m.title), ...report.weeks.map((w) => {
      const cell = w.values[m.id];
      return cell ? `${md(value(cell.value, m.unit))} ${statusText(cell.status).split(' ')[0] ?? ''}` : '–';
    })]),
  );
  const alerts = report.alerts.byRule.length ? table(['Rule', 'Fired'], report.alerts.byRule.map((r) => [md(r.rule), String(r.fired)])) : ['No alert fired.'];
  return [
    ...header(report),
    '## Month figures',
    '',
    ...metricTable(metrics),
    ...basisNotes(metrics),
    '',
    ...slos(report),
    '## Week by week',
    '',
    ...weekTable,
    '',
    ...retention(report.retention),
    `## Alerts (${report.alerts.fired} fired)`,
    '',
    ...alerts,
    '',
    ...hygiene(report.hygiene),
    ...incidents(report.incidents),
    ...releases(report),
    ...regressions(report),
    '',
  ].join('\n');
}

export function renderMarkdown(report: Report): string {
  return report.kind === 'weekly' ? weeklyMarkdown(report) : monthlyMarkdown(report);
}

/**
 * Reports as one HTML document that reads well in e-mail clients: table
 * layout, inline styles only, no script, no external resource, every value
 * escaped. Sparklines are inline SVG; clients that drop SVG (some webmail)
 * still show every number in the tables. Pure.
 */
import type { Status } from '../metrics/status.js';
import { escapeMarkup as e } from '../status/escape.js';
import type { IncidentSummary, MetricRow, MonthlyReport, Report, RetentionTable, WeeklyReport } from './model.js';
import { sparkline, stackedBar } from './svg.js';
import { SLO_HEADER, SLO_NOTE, sloCells } from './slo-text.js';
import { hygieneTables, type HygieneSection } from './hygiene.js';
import { BASIS_NOTE, changeText, durationText, groupText, reportTitle, STATUS_COLOUR, statusText, summaryLines, value, verdictText } from './text.js';

const FONT = 'font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;';
const TH = 'style="text-align:left;padding:6px 8px;border-bottom:2px solid #d1d9e0;font-size:13px;color:#59636e;font-weight:600"';
const TD = 'style="padding:6px 8px;border-bottom:1px solid #d1d9e0;font-size:14px;vertical-align:middle"';
const TABLE = 'role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;margin:0 0 16px"';
const H2 = `style="${FONT}font-size:18px;margin:24px 0 8px;color:#1f2328"`;
const P = `style="${FONT}font-size:14px;margin:0 0 12px;color:#1f2328"`;

function statusCell(status: Status): string {
  return `<span style="color:${STATUS_COLOUR[status]};font-weight:600;white-space:nowrap">${e(statusText(status))}</span>`;
}

function trendCell(row: MetricRow): string {
  const colour = row.change?.better === true ? STATUS_COLOUR.green : row.change?.better === false ? STATUS_COLOUR.red : '#59636e';
  const verdict = verdictText(row.change);
  return `<span style="color:${colour};white-space:nowrap">${e(changeText(row.change))}</span>${verdict ? ` <span style="color:#59636e;font-size:12px">${e(verdict)}</span>` : ''}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `<table ${TABLE}>`,
    `<tr>${header.map((h) => `<th ${TH}>${e(h)}</th>`).join('')}</tr>`,
    ...rows.map((r) => `<tr>${r.map((c) => `<td ${TD}>${c}</td>`).join('')}</tr>`),
    '</table>',
  ].join('\n');
}

function metricTable(rows: readonly MetricRow[], daily: boolean): string {
  const header = ['Metric', 'Target', 'Actual', 'Status', 'Trend', ...(daily ? ['Daily'] : [])];
  return table(
    header,
    rows.map((r) => {
      const groups = r.groups.length
        ? `<div style="font-size:12px;color:#59636e">${r.groups.map((g) => `${e(groupText(g.group))}: ${e(value(g.value, r.unit))} ${e(statusText(g.status).split(' ')[0] ?? '')}`).join(' · ')}</div>`
        : '';
      const note = r.basis === 'period' ? '' : `<div style="font-size:12px;color:#59636e">${e(BASIS_NOTE[r.basis])}</div>`;
      return [
        `${e(r.title)}${groups}`,
        e(r.target ?? '–'),
        r.error ? `<em style="color:#59636e">${e(r.error)}</em>` : `<strong>${e(value(r.value, r.unit))}</strong>${note}`,
        statusCell(r.status),
        trendCell(r),
        ...(daily ? [sparkline(r.daily, { label: `${r.title}, one point per day`, colour: STATUS_COLOUR[r.status] === STATUS_COLOUR.unknown ? '#0969da' : STATUS_COLOUR[r.status] })] : []),
      ];
    }),
  );
}

/** The SLO section; nothing for a plan without SLOs. */
function slos(report: Report): string[] {
  if (report.slos.length === 0) return [];
  const rows = report.slos.flatMap(sloCells).map(({ cells, status }) => {
    const [title = '', objective = '', sli = '', consumed = '', remaining = '', incidents = ''] = cells.map((c) => e(c));
    return [title, objective, sli, consumed, `<strong>${remaining}</strong>`, statusCell(status), incidents];
  });
  return [`<h2 ${H2}>SLOs</h2>`, table(SLO_HEADER, rows), `<p style="${FONT}font-size:12px;margin:0 0 12px;color:#59636e">${e(SLO_NOTE)}</p>`];
}

function summary(report: Report): string {
  const c = report.summary.counts;
  const bar = stackedBar(
    (['green', 'yellow', 'red', 'unknown'] as const).map((s) => ({ count: c[s], colour: STATUS_COLOUR[s] })),
    { label: `${c.green} green, ${c.yellow} yellow, ${c.red} red, ${c.unknown} unknown` },
  );
  const rows = summaryLines(report).map(([label, text]) => `<tr><td ${TD}><strong>${e(label)}</strong></td><td ${TD}>${e(text)}</td></tr>`);
  return [`<h2 ${H2}>Summary</h2>`, `<table ${TABLE}>`, ...rows, '</table>', bar ? `<p ${P}>${bar}</p>` : ''].join('\n');
}

function incidents(i: IncidentSummary): string {
  const figures = `<p ${P}>Declared: ${i.declared} · open at the end: ${i.openAtEnd} · MTTA: ${e(durationText(i.mttaMs))} · MTTR: ${e(durationText(i.mttrMs))}</p>`;
  const list = i.list.length
    ? table(
        ['Incident', 'Severity', 'Title', 'Status', 'Declared', 'Resolved', 'To acknowledge', 'To resolve'],
        i.list.map((x) => [e(x.id), e(x.severity), e(x.title), e(x.status), e(x.declaredAt), e(x.resolvedAt ?? '–'), e(durationText(x.timeToAcknowledgeMs)), e(durationText(x.timeToResolveMs))]),
      )
    : `<p ${P}>No incidents.</p>`;
  return [`<h2 ${H2}>Incidents</h2>`, figures, list].join('\n');
}

function extras(report: Report): string {
  const parts: string[] = [];
  if (report.releases.length) {
    parts.push(`<h2 ${H2}>Releases</h2>`, table(['Version', 'At', 'Notes'], report.releases.map((r) => [`<strong>${e(r.version)}</strong>`, e(r.at), e(r.notes ?? '')])));
  }
  if (report.regressions.length) {
    parts.push(
      `<h2 ${H2}>Regressions</h2>`,
      table(
        ['Metric', 'Baseline', 'Baseline value', 'Now', 'Worse by'],
        report.regressions.map((r) => [
          `${e(r.title)}${r.group ? ` <span style="color:#59636e">(${e(groupText(r.group))})</span>` : ''}`,
          e(r.baseline),
          e(value(r.baselineValue, r.unit)),
          e(value(r.value, r.unit)),
          `<span style="color:${STATUS_COLOUR.red}">${e((r.degradation * 100).toFixed(1))}%</span>`,
        ]),
      ),
    );
  }
  return parts.join('\n');
}

function page(report: Report, body: readonly string[]): string {
  const title = reportTitle(report);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${e(title)}</title></head>`,
    `<body style="margin:0;padding:0;background:#f6f8fa">`,
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="background:#f6f8fa"><tr><td align="center" style="padding:16px">`,
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="max-width:760px;background:#ffffff;border:1px solid #d1d9e0;border-radius:6px"><tr><td style="padding:20px 24px;${FONT}color:#1f2328">`,
    `<h1 style="${FONT}font-size:22px;margin:0 0 4px">${e(title)}</h1>`,
    `<p style="${FONT}font-size:12px;color:#59636e;margin:0 0 8px">Generated ${e(report.generatedAt)}; trends against ${e(report.previous.label)} (${e(report.previous.dates)}). Times in UTC.</p>`,
    summary(report),
    ...body,
    `<p style="${FONT}font-size:12px;color:#59636e;margin:24px 0 0">${e(report.product)} · launchwatch</p>`,
    '</td></tr></table>',
    '</td></tr></table>',
    '</body></html>',
    '',
  ].join('\n');
}

export function weeklyHtml(report: WeeklyReport): string {
  const byId = new Map(report.metrics.map((m) => [m.id, m]));
  const movers = report.movers.flatMap((id) => {
    const r = byId.get(id);
    return r ? [`<li>${e(r.title)}: ${trendCell(r)} (${e(value(r.previous, r.unit))} → ${e(value(r.value, r.unit))})</li>`] : [];
  });
  const alerts = report.alerts.list.length
    ? table(['Fired at', 'Rule', 'Severity', 'Value'], report.alerts.list.map((a) => [e(a.at), e(a.rule), e(a.severity ?? '–'), e(value(a.value, a.unit))]))
    : `<p ${P}>No alert fired.</p>`;
  return page(report, [
    `<h2 ${H2}>Detailed metrics</h2>`,
    metricTable(report.metrics, true),
    ...slos(report),
    `<h2 ${H2}>Biggest movers</h2>`,
    movers.length ? `<ol style="${FONT}font-size:14px;margin:0 0 12px;padding-left:20px">${movers.join('')}</ol>` : `<p ${P}>No metric moved against the previous week.</p>`,
    `<h2 ${H2}>Alerts (${report.alerts.fired} fired)</h2>`,
    alerts,
    incidents(report.incidents),
    extras(report),
    `<h2 ${H2}>Action items</h2>`,
    `<ol style="${FONT}font-size:14px;margin:0 0 12px;padding-left:20px;color:#59636e"><li><em>item — owner — due date</em></li></ol>`,
  ]);
}

/** The cohort tables: one row per week of first use; a week not yet complete is marked. */
function retention(tables: readonly RetentionTable[]): string[] {
  return tables.flatMap((t) => [
    `<h2 ${H2}>Retention cohorts: ${e(t.title)}</h2>`,
    table(
      ['Week of first use', 'Users', `Active again after ${t.after}`, 'Retention'],
      t.rows.map((r) => [e(`${r.label} (${r.dates})`), String(r.size), String(r.retained), `${e(value(r.rate, 'percent'))}${r.complete ? '' : ' <span style="color:#59636e">(so far)</span>'}`]),
    ),
    `<p ${P}>Activity counted up to ${e(t.asOf)}; “so far”: some of the week’s users have not had ${e(t.after)} yet.</p>`,
  ]);
}

/** The alert hygiene tables (src/reports/hygiene.ts). */
function hygiene(section: HygieneSection | undefined): string[] {
  if (!section) return [];
  return hygieneTables(section).flatMap((t) => [
    `<h2 ${H2}>${e(t.title)}</h2>`,
    t.rows.length ? table(t.header, t.rows.map((r) => r.map(e))) : `<p ${P}>${e(t.empty)}</p>`,
    ...(t.note ? [`<p ${P}>${e(t.note)}</p>`] : []),
  ]);
}

export function monthlyHtml(report: MonthlyReport): string {
  const weeks = table(
    ['Metric', ...report.weeks.map((w) => `${w.label} (${w.dates})`)],
    report.metrics.map((m) => [
      e(m.title),
      ...report.weeks.map((w) => {
        const cell = w.values[m.id];
        return cell ? `<span style="color:${STATUS_COLOUR[cell.status]}">${e(value(cell.value, m.unit))}</span>` : '–';
      }),
    ]),
  );
  const alerts = report.alerts.byRule.length ? table(['Rule', 'Fired'], report.alerts.byRule.map((r) => [e(r.rule), String(r.fired)])) : `<p ${P}>No alert fired.</p>`;
  return page(report, [
    `<h2 ${H2}>Month figures</h2>`,
    metricTable(report.metrics, true),
    ...slos(report),
    `<h2 ${H2}>Week by week</h2>`,
    weeks,
    ...retention(report.retention),
    `<h2 ${H2}>Alerts (${report.alerts.fired} fired)</h2>`,
    alerts,
    ...hygiene(report.hygiene),
    incidents(report.incidents),
    extras(report),
  ]);
}

export function renderHtml(report: Report): string {
  return report.kind === 'weekly' ? weeklyHtml(report) : monthlyHtml(report);
}

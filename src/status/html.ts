/**
 * The public status page as one HTML document: inline CSS, no script, every
 * value escaped. States are given in words and in colour; the day bars carry
 * a text summary and a list of the days with incidents.
 */
import type { MaintenanceView } from './maintenance.js';
import { COMPONENT_STATES, type ComponentState } from '../incidents/types.js';
import { escapeMarkup as e, incidentAnchor } from './escape.js';
import { STATE_LABELS, STATUS_LABELS, duration, overallLabel, updateLabel, utcMinute } from './labels.js';
import type { ComponentStatus, DayStatus, PublicIncident, StatusModel } from './model.js';

export interface HtmlOptions {
  readonly product: string;
  readonly generatedAt: number;
  /** Where the feed and the JSON are, from the page. */
  readonly feedHref?: string;
  readonly jsonHref?: string;
  /** Where people subscribe by e-mail or webhook, when the plan takes subscribers (`status_page.subscribers`); absent: no link. */
  readonly subscribeHref?: string;
}

/** On narrow screens only the last this many days are drawn. */
const NARROW_DAYS = 30;

const CSS = `
:root{color-scheme:light dark;--bg:#f6f8fa;--card:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;
--operational:#1a7f37;--degraded:#9a6700;--partial_outage:#bc4c00;--major_outage:#cf222e;--bar-ok:#2da44e}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#151b23;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;
--operational:#3fb950;--degraded:#d29922;--partial_outage:#f0883e;--major_outage:#f85149;--bar-ok:#2ea043}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:52rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.6rem;margin:0 0 1rem}h2{font-size:1.2rem;margin:2rem 0 .75rem}h3{font-size:1.05rem;margin:0}
a{color:inherit}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem 1.25rem;margin:0 0 .75rem}
.overall{border-left:6px solid var(--s);font-size:1.2rem;font-weight:600}
.state{color:var(--s);font-weight:600;white-space:nowrap}
.state::before{content:"";display:inline-block;width:.65em;height:.65em;border-radius:50%;background:var(--s);margin-right:.4em}
.s-operational{--s:var(--operational)}.s-degraded{--s:var(--degraded)}
.s-partial_outage{--s:var(--partial_outage)}.s-major_outage{--s:var(--major_outage)}
.components{list-style:none;margin:0;padding:0}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem;align-items:baseline}
.desc,.meta,.axis,footer{color:var(--muted);font-size:.875rem}
.desc{margin:0}
.bars{display:flex;gap:2px;height:2.1rem;margin:.6rem 0 .25rem}
.bars span{flex:1;border-radius:2px;background:var(--s)}
.bars .s-operational{background:var(--bar-ok)}.bars .no-data{background:var(--line)}
.axis{display:flex;justify-content:space-between;gap:1rem}
.axis .short{display:none}
@media (max-width:600px){.bars .old{display:none}.axis .long{display:none}.axis .short{display:inline}}
.updates{list-style:none;margin:.75rem 0 0;padding:0}
.updates li{border-top:1px solid var(--line);padding:.5rem 0}
.updates p{margin:0}
.text{white-space:pre-line;overflow-wrap:anywhere}
details summary{cursor:pointer;color:var(--muted);font-size:.875rem}
footer{margin-top:2.5rem}
`;

function stateWord(state: ComponentState): string {
  return `<span class="state s-${state}">${e(STATE_LABELS[state])}</span>`;
}

function time(ms: number): string {
  return `<time datetime="${e(new Date(ms).toISOString())}">${e(utcMinute(ms))}</time>`;
}

/** An uptime share as people read it: 99.95 %, never rounded up to 100 %. */
export function percent(share: number): string {
  const floored = Math.floor(share * 10_000) / 100;
  return `${floored.toFixed(2)} %`;
}

function dayTitle(day: DayStatus): string {
  if (!day.observed) return `${day.date}: no data (before monitoring began)`;
  const uptime = day.uptime === null ? '' : `, uptime ${percent(day.uptime)}`;
  return `${day.date}: ${STATE_LABELS[day.state]}${uptime}${day.incidents.length > 0 ? ` (${day.incidents.join(', ')})` : ''}`;
}

const dayCount = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;

/** `12 of 12 days operational, 78 days without data`, over the given days. */
function daysLine(history: readonly DayStatus[]): string {
  const observed = history.filter((day) => day.observed);
  const clear = observed.filter((day) => day.state === 'operational').length;
  const missing = history.length - observed.length;
  if (observed.length === 0) return `No data yet for these ${dayCount(history.length)}`;
  return `${clear} of ${dayCount(observed.length)} operational${missing > 0 ? `, ${dayCount(missing)} before monitoring began (no data)` : ''}`;
}

function bars(component: ComponentStatus, days: number): string {
  const counts = new Map<ComponentState, number>();
  for (const day of component.history) if (day.observed) counts.set(day.state, (counts.get(day.state) ?? 0) + 1);
  const missing = component.history.filter((day) => !day.observed).length;
  const parts = [...counts].sort(([a], [b]) => COMPONENT_STATES.indexOf(a) - COMPONENT_STATES.indexOf(b)).map(([state, n]) => `${dayCount(n)} ${STATE_LABELS[state].toLowerCase()}`);
  const summary = `${component.name}, last ${days} days: ${[...parts, ...(missing > 0 ? [`${dayCount(missing)} without data`] : [])].join(', ')}`;
  const spans = component.history
    .map((day, i) => `<span class="${day.observed ? `s-${day.state}` : 'no-data'}${i < days - NARROW_DAYS ? ' old' : ''}" title="${e(dayTitle(day))}"></span>`)
    .join('');
  const troubled = component.history.filter((day) => day.state !== 'operational').reverse();
  const list =
    troubled.length === 0
      ? ''
      : `<details><summary>${troubled.length} ${troubled.length === 1 ? 'day' : 'days'} with ${component.uptime === null ? 'incidents' : 'incidents or failed checks'}</summary><ul>${troubled
          .map((day) => `<li>${e(day.date)}: ${stateWord(day.state)} ${day.incidents.map((id) => `<a href="#${e(incidentAnchor(id))}">${e(id)}</a>`).join(', ')}</li>`)
          .join('')}</ul></details>`;
  const shortDays = Math.min(days, NARROW_DAYS);
  return (
    `<div class="bars" role="img" aria-label="${e(summary)}">${spans}</div>` +
    `<div class="axis" aria-hidden="true"><span><span class="long">${days} days ago</span><span class="short">${shortDays} days ago</span></span>` +
    `<span><span class="long">${e(daysLine(component.history))}</span><span class="short">${e(daysLine(component.history.slice(-shortDays)))}</span>${component.uptime === null ? '' : `, uptime ${percent(component.uptime)}`}</span><span>Today</span></div>${list}`
  );
}

function componentItem(component: ComponentStatus, days: number): string {
  const description = component.description === null ? '' : `<p class="desc">${e(component.description)}</p>`;
  return `<li class="card"><div class="row"><h3>${e(component.name)}</h3>${stateWord(component.state)}</div>${description}${bars(component, days)}</li>`;
}

function updatesList(incident: PublicIncident): string {
  if (incident.updates.length === 0) return '';
  const items = incident.updates.map((u) => `<li><p class="meta"><strong>${e(updateLabel(u))}</strong> · ${time(u.at)}</p><p class="text">${e(u.text)}</p></li>`);
  return `<ol class="updates">${items.join('')}</ol>`;
}

function incidentCard(incident: PublicIncident): string {
  const affected =
    incident.components.length === 0 ? '' : `<p class="meta">Affects ${incident.components.map((c) => `${e(c.name)} (${e(STATE_LABELS[c.state].toLowerCase())})`).join(', ')}</p>`;
  const when =
    incident.resolvedAt === null
      ? `${e(STATUS_LABELS[incident.status])} · since ${time(incident.startedAt)}`
      : `Resolved ${time(incident.resolvedAt)} after ${e(duration(incident.resolvedAt - incident.startedAt))}`;
  const updates =
    incident.resolvedAt === null || incident.updates.length === 0
      ? updatesList(incident)
      : `<details><summary>${incident.updates.length} ${incident.updates.length === 1 ? 'update' : 'updates'}</summary>${updatesList(incident)}</details>`;
  const impact = incident.components.length === 0 ? '' : ` ${stateWord(incident.impact)}`;
  return `<article class="card" id="${e(incidentAnchor(incident.id))}"><div class="row"><h3>${e(incident.title)}</h3>${impact}</div><p class="meta">${when}</p>${affected}${updates}</article>`;
}

function maintenanceCard(m: MaintenanceView): string {
  const state = m.state === 'in_progress' ? 'In progress' : 'Scheduled';
  const names = m.components.map((c) => c.name).join(', ');
  return `<article class="card" id="${e(`maintenance-${m.id}`)}"><div class="row"><h3>${e(state)}: ${e(names)}</h3></div><p class="meta">${time(m.from)} – ${time(m.to)}</p><p>${e(m.message)}</p></article>`;
}

export function renderStatusHtml(model: StatusModel, options: HtmlOptions): string {
  const title = `${options.product} status`;
  const feedHref = options.feedHref ?? '/status/feed.xml';
  const jsonHref = options.jsonHref ?? '/status.json';
  const active =
    model.active.length === 0
      ? ''
      : `<section aria-labelledby="active"><h2 id="active">Active incidents</h2>${model.active.map((i) => incidentCard(i)).join('')}</section>`;
  const components =
    model.components.length === 0
      ? ''
      : `<section aria-labelledby="components"><h2 id="components">Components</h2><ul class="components">${model.components.map((c) => componentItem(c, model.days)).join('')}</ul></section>`;
  const maintenance = (model.maintenance ?? []).length === 0 ? '' : `<section aria-labelledby="maintenance"><h2 id="maintenance">Scheduled maintenance</h2>${(model.maintenance ?? []).map(maintenanceCard).join('')}</section>`;
  const past =
    model.resolved.length === 0
      ? `<p class="card">No incidents in the last ${model.days} days.</p>`
      : model.resolved.map((i) => incidentCard(i)).join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${e(title)}</title>`,
    `<link rel="alternate" type="application/atom+xml" title="${e(title)}" href="${e(feedHref)}">`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${e(title)}</h1>`,
    `<p class="card overall s-${model.overall.state}" role="status">${e(overallLabel(model.overall.state, model.overall.reason))}</p>`,
    active,
    maintenance,
    components,
    `<section aria-labelledby="past"><h2 id="past">Past incidents</h2>${past}</section>`,
    `<footer>Updated ${time(options.generatedAt)} · Subscribe: ${options.subscribeHref ? `<a href="${e(options.subscribeHref)}">e-mail or webhook</a> · ` : ''}<a href="${e(feedHref)}">Atom feed</a> · <a href="${e(jsonHref)}">JSON</a></footer>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * SLOs: each SLO (or the one the route names) with its objective, SLI and
 * remaining budget, the budget burn-down over its window, the burn rates
 * with its alerts' factors drawn, its alerts, and its groups.
 */
import { useMemo } from 'preact/hooks';
import { Chart } from '../components/Chart.js';
import { useShell } from '../components/context.js';
import { useLoad } from '../components/load.js';
import { ErrorNote, Loading } from '../components/Notes.js';
import { SloBadge } from '../components/SloBadge.js';
import { fetchSloSeries, fetchSlos, type SloJson } from '../data/slos.js';
import { dateTime, formatValue, groupLabel } from '../lib/format.js';
import { sloHref } from '../lib/route.js';
import { burnDownLine, burnLines, burnText, burnWindows, factorGuides } from '../lib/slo.js';

const percent = (v: number | null): string => formatValue(v, 'percent');

function Figures({ slo }: { slo: SloJson }) {
  const budget = slo.error_budget;
  return (
    <dl class="slo-figures">
      <div>
        <dt>Objective</dt>
        <dd data-objective>{percent(slo.objective)} over {slo.window}</dd>
      </div>
      <div>
        <dt>SLI</dt>
        <dd data-sli>{percent(slo.sli)}</dd>
      </div>
      <div>
        <dt>Budget remaining</dt>
        <dd data-remaining>{percent(budget.remaining)}</dd>
      </div>
      <div>
        <dt>Bad events</dt>
        <dd data-consumed>
          {budget.consumed} of {formatValue(budget.total, 'count')} allowed
        </dd>
      </div>
      <div>
        <dt>Events</dt>
        <dd data-total>
          {slo.good} good of {slo.total}
        </dd>
      </div>
    </dl>
  );
}

function SloCharts({ slo, to }: { slo: SloJson; to: number }) {
  const series = useLoad(() => fetchSloSeries(slo.id, to), [slo.id, to]);
  const range = useMemo(() => (series.data ? { from: Date.parse(series.data.from), to: Date.parse(series.data.to) } : { from: to, to }), [series.data, to]);
  const down = useMemo(() => (series.data ? [burnDownLine(series.data.points)] : []), [series.data]);
  // Each live update brings a new `slo` object: the charts take what they draw of it by value, so they are drawn again only when the series or those values change.
  const windowList = burnWindows(slo);
  const windows = useMemo(() => windowList, [windowList.join(' ')]);
  const guideList = factorGuides(slo);
  const guides = useMemo(() => guideList, [guideList.map((g) => `${g.value} ${g.label}`).join('|')]);
  const burns = useMemo(() => (series.data ? burnLines(windows, series.data.points) : []), [series.data, windows]);
  if (series.error) return <ErrorNote message={series.error} />;
  if (!series.data) return <Loading />;
  const every = `every ${Math.round(series.data.step_ms / 60_000)} min`;
  return (
    <div class="slo-charts">
      <div data-chart="budget">
        <Chart title={`Budget remaining, last ${slo.window}`} note={`Each point is what remained of the budget over the ${slo.window} window ending there, ${every}.`} lines={down} unit="percent" range={range} />
      </div>
      <div data-chart="burn">
        <Chart
          title={`Burn rates, last ${slo.window}`}
          note={guides.length ? 'Dotted: the factors of the alerts; an alert fires while both windows of a pair burn faster than its factor.' : 'This SLO has no burn-rate alert.'}
          lines={burns}
          unit=""
          range={range}
          guides={guides}
        />
      </div>
    </div>
  );
}

function Alerts({ slo }: { slo: SloJson }) {
  if (slo.alerts.length === 0) return <p class="muted">No alert for this SLO.</p>;
  return (
    <ul class="slo-alerts" aria-label={`Alerts of ${slo.title}`}>
      {slo.alerts.map((a) => (
        <li key={a.name} data-alert={a.name} data-firing={a.firing}>
          <strong>{a.name}</strong> ({a.severity}) <span class={a.firing ? 'count-hot' : 'muted'}>{a.firing ? 'firing' : a.instances.find((i) => i.state !== 'inactive')?.state ?? 'not firing'}</span>
          <ul>
            {a.windows.map((w) => (
              <li key={`${w.long}-${w.short}`} data-pair={`${w.long}/${w.short}`}>
                {burnText(w.factor)} over {w.long} and {w.short}: now {burnText(w.long_burn)} and {burnText(w.short_burn)}
                {w.burning ? ' — burning' : ''}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function Groups({ slo }: { slo: SloJson }) {
  if (slo.groups.length === 0) return null;
  return (
    <table class="groups-table cards">
      <caption>Groups over the last {slo.window}</caption>
      <thead>
        <tr>
          <th scope="col">group</th>
          <th scope="col">SLI</th>
          <th scope="col">budget remaining</th>
          <th scope="col">status</th>
        </tr>
      </thead>
      <tbody>
        {slo.groups.map((g) => (
          <tr key={groupLabel(g.group)} data-group={groupLabel(g.group)}>
            <th scope="row">{groupLabel(g.group)}</th>
            <td data-label="SLI">{percent(g.sli)}</td>
            <td data-label="budget remaining" data-remaining>
              {percent(g.error_budget.remaining)}
            </td>
            <td data-label="status">
              <SloBadge status={g.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SloPanel({ slo, to }: { slo: SloJson; to: number }) {
  return (
    <section class="panel" data-slo={slo.id} aria-labelledby={`s-${slo.id}`}>
      <h2 id={`s-${slo.id}`}>
        <a href={sloHref(slo.id)}>{slo.title}</a> <SloBadge status={slo.status} />
      </h2>
      <Figures slo={slo} />
      <SloCharts slo={slo} to={to} />
      <h3>Alerts</h3>
      <Alerts slo={slo} />
      <Groups slo={slo} />
    </section>
  );
}

export function SlosPage({ id }: { id?: string }) {
  const { tick } = useShell();
  const slos = useLoad(fetchSlos, [tick]);
  // The charts follow the live tick at most once a minute: each series reads the SLO's whole window.
  const minute = Math.floor(Date.now() / 60_000);
  const to = useMemo(() => Date.now(), [minute]);
  if (slos.error) return <ErrorNote message={slos.error} />;
  if (!slos.data) return <Loading />;
  const shown = id === undefined ? slos.data.slos : slos.data.slos.filter((s) => s.id === id);
  return (
    <>
      {id !== undefined && (
        <p>
          <a href="#/slos">← All SLOs</a>
        </p>
      )}
      <h1>{id === undefined ? 'SLOs' : (shown[0]?.title ?? id)}</h1>
      <p class="muted" data-evaluated>
        Evaluated {dateTime(Date.parse(slos.data.evaluated_at))}.
      </p>
      {slos.data.slos.length === 0 && <p class="note">The plan has no SLO.</p>}
      {id !== undefined && shown.length === 0 && <ErrorNote message={`There is no SLO ${id}.`} />}
      <div class="slo-list">
        {shown.map((s) => (
          <SloPanel key={s.id} slo={s} to={to} />
        ))}
      </div>
    </>
  );
}

/** Overview: alerts and incidents on top, then one tile per metric in plan order, then one per SLO. */
import { useState } from 'preact/hooks';
import { useShell } from '../components/context.js';
import { useLoad } from '../components/load.js';
import { ErrorNote, FirstEvent, Loading } from '../components/Notes.js';
import { SloTile } from '../components/SloTile.js';
import { Tile } from '../components/Tile.js';
import { fetchAlertList, type AlertList } from '../data/alerts.js';
import { fetchIncidents } from '../data/incidents.js';
import { fetchSlos } from '../data/slos.js';
import { fetchOverview, fetchOverviewMetrics, fetchStatus, takeEarlyOverviewMetrics } from '../data/metrics.js';
import { ago, dateTime } from '../lib/format.js';

const SEVERITIES = ['P1', 'P2', 'P3', 'P4'];

/** "1 silenced, 2 inhibited" beside a firing count; nothing when there are none. */
function muted(count: { silenced: number; inhibited: number } | undefined): string {
  if (!count) return '';
  const parts = [...(count.silenced > 0 ? [`${count.silenced} silenced`] : []), ...(count.inhibited > 0 ? [`${count.inhibited} inhibited`] : [])];
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The counts on top; "…" until their answer is in (they are asked for once the tiles are drawn). Silenced and inhibited alerts are counted apart from firing ones. */
function Summary({ list, open }: { list: AlertList | undefined; open: readonly { severity: string }[] | undefined }) {
  const alerts = list?.alerts;
  const firing = (alerts ?? []).filter((a) => a.state === 'firing');
  const count = (severity: string): number => list?.counts.by_severity[severity]?.firing ?? 0;
  const incidents = open ?? [];
  return (
    <section class="summary" aria-label="Alerts and incidents" aria-busy={alerts === undefined || open === undefined}>
      <ul class="counts">
        {SEVERITIES.map((s) => (
          <li key={s} class={`count ${count(s) > 0 && (s === 'P1' || s === 'P2') ? 'count-hot' : ''}`} data-count={s}>
            <strong>{alerts ? count(s) : '…'}</strong> {s} firing
            <span class="muted" data-muted>{muted(list?.counts.by_severity[s])}</span>
          </li>
        ))}
        <li class={`count ${incidents.length > 0 ? 'count-hot' : ''}`} data-count="incidents">
          <strong>{open ? incidents.length : '…'}</strong> open incident{incidents.length === 1 ? '' : 's'}
          {incidents.length > 0 && ` (${['SEV1', 'SEV2'].map((s) => `${incidents.filter((i) => i.severity === s).length} ${s}`).join(', ')})`}
        </li>
      </ul>
      {firing.length > 0 && (
        <ul class="firing" aria-label="Firing alerts">
          {firing.map((a) => (
            <li key={a.fingerprint}>
              <span class="sev">{a.severity}</span> <a href="#/alerts">{a.annotations.summary ?? a.rule}</a> <span class="muted">since {ago(Date.parse(a.since), Date.now())}</span>
              {a.acknowledged_by && <span class="muted"> · acknowledged by {a.acknowledged_by}</span>}
              {a.silenced_by.length > 0 ? <span class="muted"> · silenced</span> : a.inhibited_by.length > 0 && <span class="muted"> · inhibited</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Overview() {
  const { tick } = useShell();
  // The scheduler's last evaluation (asked for before the session check answered, see main.tsx), not a fresh one.
  const [early] = useState(takeEarlyOverviewMetrics);
  const metrics = useLoad(fetchOverviewMetrics, [tick], early);
  // The tiles come first: everything else is asked for once they are drawn, so it does not compete with them.
  const drawn = metrics.data !== undefined;
  const after = <T,>(load: () => Promise<T>) => (): Promise<T | undefined> => (drawn ? load() : Promise.resolve(undefined));
  const overview = useLoad(after(fetchOverview), [tick, drawn]);
  const alerts = useLoad(after(fetchAlertList), [tick, drawn]);
  const incidents = useLoad(after(() => fetchIncidents('open')), [tick, drawn]);
  const status = useLoad(after(fetchStatus), [tick, drawn]);
  const slos = useLoad(after(fetchSlos), [tick, drawn]);
  if (metrics.error) return <ErrorNote message={metrics.error} />;
  if (!metrics.data) return <Loading />;
  const stored = status.data ? Object.values(status.data.events).reduce((a, b) => a + b, 0) : undefined;
  const byId = new Map((overview.data?.metrics ?? []).map((m) => [m.id, m]));
  return (
    <>
      <h1>Overview</h1>
      <Summary list={alerts.data} open={incidents.data} />
      {stored === 0 && <FirstEvent types={Object.keys(status.data?.events ?? {})} />}
      <p class="muted" data-evaluated>Evaluated {dateTime(Date.parse(metrics.data.evaluated_at))}.</p>
      <div class="tiles">
        {metrics.data.metrics.map((m) => (
          <Tile key={m.id} metric={m} overview={byId.get(m.id)} />
        ))}
      </div>
      {slos.data && slos.data.slos.length > 0 && (
        <section aria-labelledby="overview-slos">
          <h2 class="section" id="overview-slos">
            <a href="#/slos">SLOs</a>
          </h2>
          <div class="tiles">
            {slos.data.slos.map((s) => (
              <SloTile key={s.id} slo={s} />
            ))}
          </div>
        </section>
      )}
    </>
  );
}

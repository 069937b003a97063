/** Overview: alerts and incidents on top, then one tile per metric in plan order. */
import { useShell } from '../components/context.js';
import { useLoad } from '../components/load.js';
import { ErrorNote, FirstEvent, Loading } from '../components/Notes.js';
import { Tile } from '../components/Tile.js';
import { fetchAlerts, type Alert } from '../data/alerts.js';
import { fetchIncidents } from '../data/incidents.js';
import { fetchMetrics, fetchOverview, fetchStatus } from '../data/metrics.js';
import { ago } from '../lib/format.js';

const SEVERITIES = ['P1', 'P2', 'P3', 'P4'];

function Summary({ alerts, open }: { alerts: readonly Alert[]; open: readonly { severity: string }[] }) {
  const firing = alerts.filter((a) => a.state === 'firing');
  const count = (severity: string): number => firing.filter((a) => a.severity === severity).length;
  return (
    <section class="summary" aria-label="Alerts and incidents">
      <ul class="counts">
        {SEVERITIES.map((s) => (
          <li key={s} class={`count ${count(s) > 0 && (s === 'P1' || s === 'P2') ? 'count-hot' : ''}`} data-count={s}>
            <strong>{count(s)}</strong> {s} firing
          </li>
        ))}
        <li class={`count ${open.length > 0 ? 'count-hot' : ''}`} data-count="incidents">
          <strong>{open.length}</strong> open incident{open.length === 1 ? '' : 's'}
          {open.length > 0 && ` (${['SEV1', 'SEV2'].map((s) => `${open.filter((i) => i.severity === s).length} ${s}`).join(', ')})`}
        </li>
      </ul>
      {firing.length > 0 && (
        <ul class="firing" aria-label="Firing alerts">
          {firing.map((a) => (
            <li key={a.fingerprint}>
              <span class="sev">{a.severity}</span> <a href="#/alerts">{a.annotations.summary ?? a.rule}</a> <span class="muted">since {ago(Date.parse(a.since), Date.now())}</span>
              {a.acknowledged_by && <span class="muted"> · acknowledged by {a.acknowledged_by}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Overview() {
  const { tick } = useShell();
  const metrics = useLoad(fetchMetrics, [tick]);
  // Sparklines and changes cost more than the values: asked for once the tiles are drawn, so they do not delay them.
  const drawn = metrics.data !== undefined;
  const overview = useLoad(() => (drawn ? fetchOverview() : Promise.resolve(undefined)), [tick, drawn]);
  const alerts = useLoad(fetchAlerts, [tick]);
  const incidents = useLoad(() => fetchIncidents('open'), [tick]);
  const status = useLoad(fetchStatus, [tick]);
  if (metrics.error) return <ErrorNote message={metrics.error} />;
  if (!metrics.data) return <Loading />;
  const stored = status.data ? Object.values(status.data.events).reduce((a, b) => a + b, 0) : undefined;
  const byId = new Map((overview.data?.metrics ?? []).map((m) => [m.id, m]));
  return (
    <>
      <h1>Overview</h1>
      <Summary alerts={alerts.data ?? []} open={incidents.data ?? []} />
      {stored === 0 && <FirstEvent types={Object.keys(status.data?.events ?? {})} />}
      <p class="muted">Evaluated {new Date(metrics.data.evaluated_at).toLocaleTimeString()}.</p>
      <div class="tiles">
        {metrics.data.metrics.map((m) => (
          <Tile key={m.id} metric={m} overview={byId.get(m.id)} />
        ))}
      </div>
    </>
  );
}

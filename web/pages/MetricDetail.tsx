/** One metric: its series with the target band and releases, over a chosen range, and its groups. */
import { useMemo } from 'preact/hooks';
import { Chart } from '../components/Chart.js';
import { useShell } from '../components/context.js';
import { useLoad } from '../components/load.js';
import { ErrorNote, Loading } from '../components/Notes.js';
import { RangePicker } from '../components/RangePicker.js';
import { StatusBadge, StatusReason } from '../components/Status.js';
import { fetchMetric, fetchSeries } from '../data/metrics.js';
import { fetchReleaseMarkers } from '../data/releases.js';
import { formatValue, groupLabel, unavailableReason } from '../lib/format.js';
import { resolveRange } from '../lib/range.js';
import { metricHref } from '../lib/route.js';
import { chartKey, chartLines } from '../lib/chart-lines.js';

/** What a series' values are, in words. */
export function seriesNote(series: { readonly mode?: string; readonly step_ms: number }, window: string): string {
  const every = series.step_ms >= 3_600_000 ? `${Math.round(series.step_ms / 3_600_000)} h` : `${Math.round(series.step_ms / 60_000)} min`;
  return series.mode === 'sliding'
    ? `Each point is the value over the ${window} window ending there, every ${every}, as the tile showed it then.`
    : `Each point is the value over its own ${every} of events, not over the ${window} window: the target does not apply to it.`;
}

export function MetricDetail({ id, range }: { id: string; range: string }) {
  const { tick } = useShell();
  const current = useLoad(() => fetchMetric(id), [id, tick]);
  // Presets slide with time: recomputed on each tick.
  const span = useMemo(() => resolveRange(range, Date.now()), [range, tick]);
  const metric = current.data?.metric;
  // Why the metric's source gives no value (null: it does; undefined: not known until the metric is in). Its series is asked for only when it does.
  const unavailable = metric?.id === id ? (unavailableReason(metric) ?? null) : undefined;
  const series = useLoad(() => (unavailable === null ? fetchSeries(id, span.from, span.to) : Promise.resolve(undefined)), [id, span, unavailable]);
  const markers = useLoad(() => fetchReleaseMarkers(span.from, span.to), [span]);
  // Each live update brings a new `metric` object: the lines follow what they read of it (chartKey), not its identity.
  const key = metric ? chartKey(metric) : '';
  const drawn = useMemo(() => metric, [key]);
  const lines = useMemo(() => (series.data && drawn ? chartLines(series.data, drawn) : []), [series.data, drawn]);
  const chartRange = useMemo(() => ({ from: span.from, to: span.to }), [span]);
  const markerList = useMemo(() => markers.data ?? [], [markers.data]);
  if (current.error) return <ErrorNote message={current.error} />;
  if (!metric) return <Loading />;
  return (
    <>
      <p>
        <a href="#/">← Overview</a>
      </p>
      <h1>{metric.title}</h1>
      {metric.description && <p class="muted">{metric.description}</p>}
      <p class="detail-now">
        <span class="tile-value">{metric.kind === 'share' ? '' : formatValue(metric.value, metric.unit)}</span> <StatusBadge status={metric.status} reason={metric.reason} /> <StatusReason text={unavailableReason(metric)} /> over the last {metric.window}
        {metric.target && ` · target ${metric.target.green}${metric.target.yellow ? `, warning ${metric.target.yellow}` : ''}`} · {metric.events} events
      </p>
      <RangePicker value={range} onChange={(value) => (location.hash = metricHref(id, value))} />
      {series.error && <ErrorNote message={series.error} />}
      {typeof unavailable === 'string' ? (
        <p class="note" data-no-chart>
          No chart while its source is unavailable.
        </p>
      ) : series.data ? (
        <Chart title={`${metric.title}, ${span.label}`} note={seriesNote(series.data, metric.window)} lines={lines} unit={metric.unit} range={chartRange} markers={markerList} />
      ) : (
        <Loading />
      )}
      {metric.groups.length > 0 && (
        <table class="groups-table cards">
          <caption>Groups over the last {metric.window}</caption>
          <thead>
            <tr>
              <th scope="col">group</th>
              <th scope="col">value</th>
              <th scope="col">events</th>
              <th scope="col">target</th>
              <th scope="col">status</th>
            </tr>
          </thead>
          <tbody>
            {metric.groups.map((g) => (
              <tr key={groupLabel(g.group)}>
                <th scope="row">{groupLabel(g.group)}</th>
                <td data-label="value">{formatValue(g.value, metric.unit)}</td>
                <td data-label="events">{g.events}</td>
                <td data-label="target">{g.target ? g.target.green : '—'}</td>
                <td data-label="status">
                  <StatusBadge status={g.status} reason={g.target ? 'no_data' : 'no_target'} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/**
 * Performance (latency quantiles per group over time, usage distribution bars)
 * and Quality (rates over time with their target bands): the same page over
 * different metrics of the plan.
 */
import { useMemo } from 'preact/hooks';
import { Chart } from '../components/Chart.js';
import { useShell } from '../components/context.js';
import { useLoad } from '../components/load.js';
import { ErrorNote, Loading } from '../components/Notes.js';
import { StatusBadge, StatusReason } from '../components/Status.js';
import { fetchMetrics, fetchSeries, type MetricResult } from '../data/metrics.js';
import { formatValue, groupLabel, unavailableReason } from '../lib/format.js';
import { metricHref } from '../lib/route.js';
import { chartKey, chartLines } from '../lib/chart-lines.js';
import { seriesNote } from './MetricDetail.js';

const DAY = 86_400_000;

function MetricChart({ metric, to }: { metric: MetricResult; to: number }) {
  const series = useLoad(() => fetchSeries(metric.id, to - DAY, to, 'sliding', '1h'), [metric.id, to]);
  // Each live update brings a new `metric` object: the lines follow what they read of it (chartKey), not its identity.
  const key = chartKey(metric);
  const drawn = useMemo(() => metric, [key]);
  const lines = useMemo(() => (series.data ? chartLines(series.data, drawn, false) : []), [series.data, drawn]);
  const range = useMemo(() => ({ from: to - DAY, to }), [to]);
  return (
    <section class="panel" aria-labelledby={`c-${metric.id}`}>
      <h2 id={`c-${metric.id}`}>
        <a href={metricHref(metric.id)}>{metric.title}</a> <StatusBadge status={metric.status} reason={metric.reason} />
      </h2>
      <p class="muted">
        now {metric.kind === 'share' ? '' : formatValue(metric.value, metric.unit)}
        {metric.groups.length > 0 && ` · ${metric.groups.map((g) => `${groupLabel(g.group)} ${formatValue(g.value, metric.unit)}`).join(' · ')}`}
        {metric.target && ` · target ${metric.target.green}`}
        {unavailableReason(metric) !== undefined && ' · '}
        <StatusReason text={unavailableReason(metric)} />
      </p>
      {series.error ? <ErrorNote message={series.error} /> : series.data ? <Chart title={`${metric.title}, last 24 h`} note={seriesNote(series.data, metric.window)} lines={lines} unit={metric.unit} range={range} /> : <Loading />}
    </section>
  );
}

function Distribution({ metric }: { metric: MetricResult }) {
  return (
    <section class="panel" aria-labelledby={`d-${metric.id}`}>
      <h2 id={`d-${metric.id}`}>
        <a href={metricHref(metric.id)}>{metric.title}</a>
      </h2>
      <ul class="bars">
        {metric.groups.map((g) => (
          <li key={groupLabel(g.group)}>
            <span class="bar-label">{groupLabel(g.group)}</span>
            <span class="bar" aria-hidden="true">
              <span class="bar-fill" style={{ width: `${Math.round((g.value ?? 0) * 100)}%` }} />
            </span>
            <span class="bar-value">{formatValue(g.value, 'percent')}</span>
            {g.target && <StatusBadge status={g.status} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ChartsPage({ kind }: { kind: 'performance' | 'quality' }) {
  const { tick } = useShell();
  const metrics = useLoad(fetchMetrics, [tick]);
  // Charts follow the live tick at most once a minute: each sliding series is one measure per point.
  const minute = Math.floor(Date.now() / 60_000);
  const to = useMemo(() => Date.now(), [minute]);
  if (metrics.error) return <ErrorNote message={metrics.error} />;
  if (!metrics.data) return <Loading />;
  const all = metrics.data.metrics;
  if (kind === 'performance') {
    const latency = all.filter((m) => m.kind === 'quantile');
    const shares = all.filter((m) => m.kind === 'share');
    return (
      <>
        <h1>Performance</h1>
        <h2 class="section">Latency quantiles</h2>
        {latency.length === 0 && <p class="note">The plan has no quantile metric.</p>}
        <div class="panels">
          {latency.map((m) => (
            <MetricChart key={m.id} metric={m} to={to} />
          ))}
        </div>
        <h2 class="section">Usage distribution</h2>
        <div class="panels">
          {shares.map((m) => (
            <Distribution key={m.id} metric={m} />
          ))}
        </div>
      </>
    );
  }
  const rates = all.filter((m) => m.kind === 'ratio');
  return (
    <>
      <h1>Quality</h1>
      {rates.length === 0 && <p class="note">The plan has no rate metric.</p>}
      <div class="panels">
        {rates.map((m) => (
          <MetricChart key={m.id} metric={m} to={to} />
        ))}
      </div>
    </>
  );
}

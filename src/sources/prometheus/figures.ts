/**
 * Measuring `prometheus:` metrics: `withPrometheusFigures` puts sources.prometheus
 * in front of the EventStore (as the incident and GitHub figures do), so the
 * evaluation, series, history, reports and alert rules measure a prometheus
 * metric as any other, on every store backend. `measure` is an instant query at
 * the range's end; `series` one range query. A query Prometheus cannot answer
 * (an error, a timeout, no connection, no number) throws SourceUnavailableError
 * with the reason: the metric is `unknown`, the rest of the plan evaluates.
 */
import { SourceUnavailableError } from '../../metrics/unavailable.js';
import type { PrometheusMeasure, PrometheusSource } from '../../plan/source-types.js';
import type { MetricSpec, Plan } from '../../plan/types.js';
import type { EventStore } from '../../store/types.js';
import { instantQuery, rangeQuery } from './client.js';
import { rangeTimes } from './response.js';

const isPrometheusMetric = (metric: MetricSpec): metric is MetricSpec & { measure: PrometheusMeasure } => metric.measure.kind === 'prometheus';

const NOT_CONFIGURED = 'Prometheus source not configured (no sources.prometheus in the plan)';

/** The EventStore, with prometheus metrics measured by querying the plan's sources.prometheus. */
export function withPrometheusFigures(events: EventStore, plan: () => Plan): EventStore {
  const source = (): PrometheusSource | undefined => plan().sources.prometheus;
  const measure: EventStore['measure'] = async (metric, range) => {
    if (!isPrometheusMetric(metric)) return events.measure(metric, range);
    const from = source();
    if (!from) throw new SourceUnavailableError(NOT_CONFIGURED);
    const answer = await instantQuery(from, metric.measure.query, range.to);
    if (answer.kind === 'unavailable') throw new SourceUnavailableError(answer.reason);
    return answer.value;
  };
  const series: EventStore['series'] = async (metric, range, stepMs) => {
    if (!isPrometheusMetric(metric)) return events.series(metric, range, stepMs);
    const from = source();
    const none = (times: readonly number[]): Awaited<ReturnType<EventStore['series']>> => ({ points: times.map((t) => ({ t, value: null })), groups: [] });
    if (!from) return none(rangeTimes(range.from, range.to, stepMs));
    const { times, answer } = await rangeQuery(from, metric.measure.query, range, stepMs);
    // As for any source that is unavailable: no value at any point.
    return answer.kind === 'ok' ? answer.value : none(times);
  };
  return new Proxy(events, {
    get(target, key) {
      if (key === 'measure') return measure;
      if (key === 'series') return series;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

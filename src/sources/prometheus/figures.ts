/**
 * Measuring `prometheus:` metrics: `prometheusFigures` is the `prometheus` figure
 * source (src/metrics/sources/), querying sources.prometheus, so the evaluation,
 * series, history, reports and alert rules measure a prometheus metric as any other, on every store backend. `measure` is an instant query at
 * the range's end; `series` one range query. A query Prometheus cannot answer
 * (an error, a timeout, no connection, no number) throws SourceUnavailableError
 * with the reason: the metric is `unknown`, the rest of the plan evaluates.
 */
import { SourceUnavailableError } from '../../metrics/unavailable.js';
import type { FigureSource } from '../../metrics/sources/source.js';
import type { PrometheusSource } from '../../plan/source-types.js';
import type { Plan } from '../../plan/types.js';
import type { Series } from '../../store/types.js';
import { instantQuery, rangeQuery } from './client.js';
import { rangeTimes } from './response.js';

const NOT_CONFIGURED = 'Prometheus source not configured (no sources.prometheus in the plan)';

/** The `prometheus` figure source: prometheus metrics measured by querying the plan's sources.prometheus. */
export function prometheusFigures(plan: () => Plan): FigureSource<'prometheus'> {
  const source = (): PrometheusSource | undefined => plan().sources.prometheus;
  const none = (times: readonly number[]): Series => ({ points: times.map((t) => ({ t, value: null })), groups: [] });
  return {
    measure: async (query, _metric, range) => {
      const from = source();
      if (!from) throw new SourceUnavailableError(NOT_CONFIGURED);
      const answer = await instantQuery(from, query.measure.query, range.to);
      if (answer.kind === 'unavailable') throw new SourceUnavailableError(answer.reason);
      return answer.value;
    },
    series: async (query, _metric, range, stepMs) => {
      const from = source();
      if (!from) return none(rangeTimes(range.from, range.to, stepMs));
      const { times, answer } = await rangeQuery(from, query.measure.query, range, stepMs);
      // As for any source that is unavailable: no value at any point.
      return answer.kind === 'ok' ? answer.value : none(times);
    },
  };
}

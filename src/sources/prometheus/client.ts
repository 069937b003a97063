/**
 * Prometheus' HTTP API as a `prometheus:` metric asks it: POST
 * /api/v1/query and /api/v1/query_range with a form-encoded body (as
 * Prometheus 2.x documents it), the query text as written, a bearer token
 * when the plan gives one, bounded by the source's timeout (sent as the
 * query's `timeout` too, so Prometheus gives up as well). Every failure is
 * an answer with a reason a person reads, never a throw; the token is in no
 * reason and no log.
 */
import type { PrometheusSource } from '../../plan/source-types.js';
import type { Measurement, Series, TimeRange } from '../../store/types.js';
import { envelopeData, instantMeasurement, rangeSeries, rangeTimes, type Answer } from './response.js';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** Why a request got no answer: the timeout, or the connection's error code. */
function failureReason(source: PrometheusSource, error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `Prometheus did not answer within ${source.timeoutMs / 1000}s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  // A connection error's code (ECONNREFUSED, ENOTFOUND), else what the HTTP client says (a redirect, which is not followed).
  const code = cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : (cause?.message.slice(0, 100) ?? 'no connection');
  return `Prometheus at ${new URL(source.url).host} is unreachable (${code})`;
}

/** One POST to `path` under the source's URL: the envelope's `data`, or why there is none. */
export async function postQuery(source: PrometheusSource, path: '/api/v1/query' | '/api/v1/query_range', params: Record<string, string>): Promise<Answer<Record<string, unknown>>> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (source.token !== '') headers.authorization = `Bearer ${source.token}`;
  const body = new URLSearchParams({ ...params, timeout: `${source.timeoutMs}ms` }).toString();
  try {
    const response = await fetch(`${source.url}${path}`, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(source.timeoutMs) });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      parsed = undefined;
    }
    return envelopeData(parsed, response.status);
  } catch (error: unknown) {
    return { kind: 'unavailable', reason: failureReason(source, error) };
  }
}

/** The query's value at `at` (epoch ms). */
export async function instantQuery(source: PrometheusSource, query: string, at: number): Promise<Answer<Measurement>> {
  const data = await postQuery(source, '/api/v1/query', { query, time: seconds(at) });
  return data.kind === 'ok' ? instantMeasurement(data.value) : data;
}

/** The query's values at `range.from` and every `stepMs` after it before `range.to` (each point's `t` is the time it is evaluated at). */
export async function rangeQuery(source: PrometheusSource, query: string, range: TimeRange, stepMs: number): Promise<{ times: number[]; answer: Answer<Series> }> {
  const times = rangeTimes(range.from, range.to, stepMs);
  const end = times[times.length - 1] ?? range.from;
  const data = await postQuery(source, '/api/v1/query_range', { query, start: seconds(range.from), end: seconds(end), step: seconds(stepMs) });
  return { times, answer: data.kind === 'ok' ? rangeSeries(data.value, times) : data };
}

/**
 * Metrics read from Prometheus: `sources.prometheus` (the HTTP API's address,
 * an optional bearer token, a query timeout) and the `prometheus:` metric key,
 * a PromQL expression sent as written. The shapes (zod) and their meaning;
 * querying is src/sources/prometheus/'s.
 *
 *   sources: { prometheus: { url: "${PROMETHEUS_URL}", token: "${PROMETHEUS_TOKEN:-}" } }
 *   metrics: { api_cpu: { prometheus: 'avg by (instance) (1 - rate(node_cpu_seconds_total{mode="idle"}[5m]))', unit: percent } }
 */
import { z } from 'zod';
import type { PlanIssue } from './issue.js';
import type { RawFigureMetric, SectionReader } from './section.js';
import type { PrometheusSource, SourcesPlan } from './source-types.js';
import { resolveTarget } from './plan-targets.js';
import type { GroupTarget, MetricSpec } from './types.js';

export const DEFAULT_PROMETHEUS_TIMEOUT_MS = 10_000;
export const MIN_PROMETHEUS_TIMEOUT_MS = 1_000;
export const MAX_PROMETHEUS_TIMEOUT_MS = 120_000;
/** The window a `prometheus:` metric names when it gives none (its query's own ranges decide what Prometheus reads). */
export const DEFAULT_PROMETHEUS_WINDOW = '5m';

export const rawPrometheusSource = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'url is the http(s) address of Prometheus, e.g. http://prometheus:9090' }),
  token: z.string().optional(),
  timeout: z.string().optional(),
});

export type RawPrometheusSource = z.infer<typeof rawPrometheusSource>;

/** sources.prometheus as the plan holds it; a timeout outside 1s..2m is recorded. */
export function resolvePrometheusSource(raw: RawPrometheusSource, read: SectionReader, issues: PlanIssue[]): PrometheusSource {
  const path = ['sources', 'prometheus', 'timeout'];
  const timeoutMs = read.duration(raw.timeout, DEFAULT_PROMETHEUS_TIMEOUT_MS, path);
  if (timeoutMs < MIN_PROMETHEUS_TIMEOUT_MS || timeoutMs > MAX_PROMETHEUS_TIMEOUT_MS) issues.push({ path, message: 'the timeout is between 1s and 2m' });
  return Object.freeze({ url: raw.url.replace(/\/+$/, ''), token: raw.token ?? '', timeoutMs });
}

/** A `prometheus:` metric without a window names the last 5m. */
export function defaultPrometheusWindow(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('prometheus' in value) || 'window' in value) return value;
  return { ...value, window: DEFAULT_PROMETHEUS_WINDOW };
}

/** Keys of an event metric (or of another figure) that a prometheus metric cannot take. */
const OTHER_KEYS = ['from', 'incidents', 'github', 'where', 'count', 'distinct', 'ratio', 'quantile', 'mean', 'sum', 'share', 'retention', 'per', 'by'] as const;



/**
 * A metric with `prometheus:` (its shape already checked with the metric's): the whole MetricSpec, or
 * undefined after recording why not. Its groups are the label sets Prometheus answers, so per-group
 * `targets` match labels (`group: { instance: "api-1:9100" }`); it takes no `by` (group in the query).
 */
export function resolvePrometheusMetric(id: string, raw: RawFigureMetric, windowMs: number | undefined, issues: PlanIssue[]): MetricSpec | undefined {
  const base = ['metrics', id] as const;
  const before = issues.length;
  for (const key of OTHER_KEYS) {
    if (raw[key] === undefined) continue;
    const why = key === 'by' ? 'its groups are the labels of its answer (group in the query: avg by (instance) (...))' : `it takes no ${key}`;
    issues.push({ path: [...base, key], message: `a prometheus metric is measured by its PromQL query; ${why}`, atKey: true });
  }
  // Sent as written; only checked not to be blank.
  const query = typeof raw.prometheus === 'string' ? raw.prometheus : '';
  if (query.trim() === '') issues.push({ path: [...base, 'prometheus'], message: 'the PromQL query is empty' });
  const overall = raw.target ? resolveTarget(raw.target, [...base, 'target'], issues) : undefined;
  const targets: GroupTarget[] = [];
  (raw.targets ?? []).forEach((entry, i) => {
    const resolved = resolveTarget(entry, [...base, 'targets', i], issues);
    // Labels are strings: `code: 500` matches the label code="500".
    const group = Object.fromEntries(Object.entries(entry.group).map(([k, v]) => [k, String(v)]));
    if (resolved) targets.push(Object.freeze({ ...resolved, group: Object.freeze(group) }));
  });
  if (issues.length > before || windowMs === undefined) return undefined;
  return Object.freeze({
    id,
    title: raw.title ?? id,
    ...(raw.description ? { description: raw.description } : {}),
    from: '',
    where: Object.freeze([]),
    measure: Object.freeze({ kind: 'prometheus', query }),
    by: Object.freeze([]),
    windowMs,
    ...(overall ? { target: overall } : {}),
    targets: Object.freeze(targets),
    unit: raw.unit ?? '',
  });
}

/** prometheus: metrics need sources.prometheus. */
export function checkPrometheusMetrics(metrics: readonly MetricSpec[], sources: SourcesPlan, issues: PlanIssue[]): void {
  if (sources.sources.prometheus) return;
  for (const metric of metrics) {
    if (metric.measure.kind === 'prometheus') {
      issues.push({ path: ['metrics', metric.id, 'prometheus'], message: 'a prometheus metric needs sources.prometheus (the Prometheus server to query)', atKey: true });
    }
  }
}

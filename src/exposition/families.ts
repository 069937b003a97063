/**
 * What GET /metrics shows, as metric families: every plan metric's value and
 * status, and launchwatch's own health. Pure: the evaluation, the counters
 * and the store's figures come in as values.
 */
import type { MetricResult, PlanEvaluation } from '../metrics/evaluate.js';
import type { Status } from '../metrics/status.js';
import type { GroupKey } from '../store/types.js';
import type { IngestCounters } from '../telemetry.js';
import type { MetricFamily, Sample } from './text-format.js';

/** The number a status is exposed as; unknown has no sample at all. */
export const STATUS_VALUES: Readonly<Record<Exclude<Status, 'unknown'>, number>> = { green: 0, yellow: 1, red: 2 };

/**
 * The endings Prometheus gives a meaning of its own (a counter's `_total`, a
 * summary's or histogram's `_sum`, `_count`, `_bucket`, OpenMetrics'
 * `_created`), and `_value`, which is what such an id is given instead.
 */
const RESERVED_ENDING = /_(sum|count|bucket|total|created|value)$/;

/**
 * A plan metric's value family: `launchwatch_metric_<id>`, or
 * `launchwatch_metric_<id>_value` when the id ends in a reserved ending, so a
 * gauge never carries a counter's or a summary's suffix. Distinct ids keep
 * distinct names: an id ending in `_value` is given `_value` too.
 */
export const metricFamilyName = (id: string): string => `launchwatch_metric_${id}${RESERVED_ENDING.test(id) ? '_value' : ''}`;
/** The one family holding every plan metric's status, by a `metric` label. */
export const STATUS_FAMILY = 'launchwatch_status';

/**
 * A group's fields as labels; the status family's own `metric` label wins, so a field of that name becomes
 * `field_metric`, and a label name Prometheus reserves (a prometheus metric's `__name__`) becomes `field___name__`.
 */
export function groupLabels(group: GroupKey): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [field, value] of Object.entries(group)) labels[field === 'metric' || field.startsWith('__') ? `field_${field}` : field] = value === null ? '' : String(value);
  return labels;
}

function helpOf(metric: MetricResult): string {
  const unit = metric.unit === 'percent' ? 'a fraction: 0.95 is 95 %' : metric.unit || 'no unit';
  return `${metric.title} (${metric.kind} over ${metric.window}; ${unit}). The series without group labels is the whole metric.`;
}

function valueSamples(metric: MetricResult): Sample[] {
  const samples: Sample[] = [];
  if (metric.value !== null) samples.push({ labels: {}, value: metric.value });
  for (const g of metric.groups) if (g.value !== null) samples.push({ labels: groupLabels(g.group), value: g.value });
  return samples;
}

function statusSamples(metric: MetricResult): Sample[] {
  const samples: Sample[] = [];
  if (metric.status !== 'unknown') samples.push({ labels: { metric: metric.id }, value: STATUS_VALUES[metric.status] });
  for (const g of metric.groups) {
    if (g.status !== 'unknown') samples.push({ labels: { metric: metric.id, ...groupLabels(g.group) }, value: STATUS_VALUES[g.status] });
  }
  return samples;
}

/** One gauge per plan metric, then the status of every metric and group that has one. */
export function planFamilies(evaluation: PlanEvaluation): MetricFamily[] {
  return [
    ...evaluation.metrics.map((metric): MetricFamily => ({ name: metricFamilyName(metric.id), help: helpOf(metric), type: 'gauge', samples: valueSamples(metric) })),
    {
      name: STATUS_FAMILY,
      help: 'Status of each plan metric and group against its target: 0 green, 1 yellow, 2 red; no sample while unknown (no data or no target).',
      type: 'gauge',
      samples: evaluation.metrics.flatMap(statusSamples),
    },
  ];
}

export interface EvaluationStats {
  /** Scheduled evaluations finished since start. */
  readonly count: number;
  /** Their total duration in seconds. */
  readonly sumSeconds: number;
}

/** The plan reloads' outcome, as Prometheus reports its own configuration's. */
export interface PlanReloadStats {
  /** Whether the last reload put its plan in force (true until one fails). */
  readonly lastSuccessful: boolean;
  /** When a plan was last put in force, epoch ms: the start, or the last reload that succeeded. */
  readonly lastSuccessAt: number;
}

/** `launchwatch_plan_last_reload_successful` and `launchwatch_plan_last_reload_success_timestamp_seconds`, named after Prometheus's own. */
export function reloadFamilies(stats: PlanReloadStats): MetricFamily[] {
  return [
    gauge('launchwatch_plan_last_reload_successful', 'Whether the last plan reload succeeded (1) or was refused and the previous plan kept (0).', one(stats.lastSuccessful ? 1 : 0)),
    gauge('launchwatch_plan_last_reload_success_timestamp_seconds', 'When a plan was last put in force: the start or the last successful reload, in seconds since the epoch.', one(stats.lastSuccessAt / 1000)),
  ];
}

/** `launchwatch_leader`: 1 on the replica that runs the once-per-installation duties (always 1 without replicas), 0 on the others. */
export function leaderFamilies(leading: boolean): MetricFamily[] {
  return [gauge('launchwatch_leader', 'Whether this replica leads (1: runs alert ticks, the notify worker, digests, probes, retention) or follows (0).', one(leading ? 1 : 0))];
}

export interface HealthInput {
  readonly version: string;
  readonly counters: IngestCounters;
  readonly commits: number;
  readonly evaluations: EvaluationStats;
  /** Notifications in the outbox by state. */
  readonly notifications: Readonly<Record<string, number>>;
  /** Bytes of the store on disk; null when it has no file (in memory). */
  readonly storeBytes: number | null;
  /** Stored events by type. */
  readonly storedEvents: Readonly<Record<string, number>>;
  /** Ingest-log segments set aside because DuckDB could not load them. */
  readonly quarantinedSegments: number;
}

const counter = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: 'counter', samples });
const gauge = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: 'gauge', samples });
const one = (value: number): Sample[] => [{ labels: {}, value }];

/** launchwatch's own health: ingest counters, evaluation time, the outbox and the store. */
export function healthFamilies(input: HealthInput): MetricFamily[] {
  const c = input.counters;
  const families: MetricFamily[] = [
    gauge('launchwatch_build_info', 'The running launchwatch version (always 1).', [{ labels: { version: input.version }, value: 1 }]),
    counter('launchwatch_events_ingested_total', 'Events stored through the ingest endpoints since start.', one(c.accepted)),
    counter('launchwatch_events_duplicate_total', 'Events not stored because an event of that type and id already was.', one(c.duplicates)),
    counter('launchwatch_events_rejected_total', 'Events rejected by admission (unknown type, bad property, too far in the future ...).', one(c.rejectedEvents)),
    counter('launchwatch_properties_dropped_total', 'Undeclared properties dropped from admitted events.', one(c.droppedProperties)),
    counter('launchwatch_ingest_requests_rejected_total', 'Ingest requests refused whole, by reason.', [
      { labels: { reason: 'unauthorized' }, value: c.rejectedRequests.unauthorized },
      { labels: { reason: 'malformed' }, value: c.rejectedRequests.malformed },
      { labels: { reason: 'rate_limited' }, value: c.rejectedRequests.rateLimited },
    ]),
    counter(
      'launchwatch_otlp_log_records_rejected_total',
      'OTLP log records refused on POST /v1/logs, by cause: the field the refusal is about (user_id, timestamp, no_event_name ...).',
      Object.entries(c.rejectedLogRecords ?? {}).map(([reason, value]) => ({ labels: { reason }, value })),
    ),
    counter('launchwatch_ingest_commits_total', 'Group commits of ingested events.', one(input.commits)),
    counter('launchwatch_redactions_total', 'Personal data and secrets replaced by markers in stored events, by kind.', Object.entries(c.redactions).map(([kind, value]) => ({ labels: { kind }, value }))),
  ];
  families.push(
    {
      name: 'launchwatch_evaluation_duration_seconds',
      help: 'Time taken by the scheduled evaluations: every metric, recording the samples, the alert rules.',
      type: 'summary',
      samples: [
        { suffix: '_sum', labels: {}, value: input.evaluations.sumSeconds },
        { suffix: '_count', labels: {}, value: input.evaluations.count },
      ],
    },
    gauge(
      'launchwatch_notifications',
      'Notifications in the outbox by state.',
      Object.entries(input.notifications).map(([state, value]) => ({ labels: { state }, value })),
    ),
    gauge('launchwatch_events_stored', 'Events in the store by type.', Object.entries(input.storedEvents).map(([type, value]) => ({ labels: { type }, value }))),
  );
  families.push(gauge('launchwatch_ingest_quarantined_segments', 'Ingest-log segments DuckDB could not load, set aside in ingest-log/quarantine/ for an operator.', one(input.quarantinedSegments)));
  if (input.storeBytes !== null) families.push(gauge('launchwatch_store_size_bytes', 'Size of the data directory on disk: the data file, its write-ahead log and the ingest log.', one(input.storeBytes)));
  return families;
}

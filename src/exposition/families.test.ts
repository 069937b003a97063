import { describe, expect, it } from 'vitest';
import type { MetricResult } from '../metrics/evaluate.js';
import { newIngestCounters } from '../telemetry.js';
import { groupLabels, healthFamilies, metricFamilyName, planFamilies, reloadFamilies } from './families.js';
import { renderExposition } from './text-format.js';

const base: MetricResult = {
  id: 'success_rate',
  title: 'Command success rate',
  kind: 'ratio',
  unit: 'percent',
  window: '1h',
  value: 0.97,
  status: 'yellow',
  reason: 'meets_yellow',
  events: 100,
  target: { green: '>= 98%', yellow: '>= 95%' },
  groups: [],
};

describe('plan metrics as Prometheus families', () => {
  it('gives each metric a gauge with the whole value and one sample per group, and a status per metric and group', () => {
    const grouped: MetricResult = {
      ...base,
      groups: [
        { group: { platform: 'mac', beta: true }, value: 0.99, status: 'green', events: 60, target: null },
        { group: { platform: 'linux', beta: null }, value: 0.9, status: 'red', events: 40, target: null },
        { group: { platform: 'win', beta: false }, value: null, status: 'unknown', events: 0, target: null },
      ],
    };
    const text = renderExposition(planFamilies({ evaluated_at: '2026-01-01T00:00:00.000Z', metrics: [grouped] }));
    expect(text).toContain('# TYPE launchwatch_metric_success_rate gauge\n');
    expect(text).toContain('launchwatch_metric_success_rate 0.97\n');
    expect(text).toContain('launchwatch_metric_success_rate{platform="mac",beta="true"} 0.99\n');
    expect(text).toContain('launchwatch_metric_success_rate{platform="linux",beta=""} 0.9\n');
    expect(text).not.toContain('platform="win"');
    expect(text).toContain('launchwatch_status{metric="success_rate"} 1\n');
    expect(text).toContain('launchwatch_status{metric="success_rate",platform="mac",beta="true"} 0\n');
    expect(text).toContain('launchwatch_status{metric="success_rate",platform="linux",beta=""} 2\n');
  });

  it('leaves out the value of a metric without data and the status of an unknown one, keeping HELP and TYPE', () => {
    const text = renderExposition(planFamilies({ evaluated_at: '2026-01-01T00:00:00.000Z', metrics: [{ ...base, value: null, status: 'unknown', reason: 'no_data' }] }));
    expect(text).toContain('# TYPE launchwatch_metric_success_rate gauge\n');
    expect(text).not.toMatch(/^launchwatch_metric_success_rate /m);
    expect(text).not.toMatch(/^launchwatch_status\{/m);
  });

  it('renames a group field called metric so it cannot hide the metric label', () => {
    expect(groupLabels({ metric: 'x', os: null })).toEqual({ field_metric: 'x', os: '' });
    expect(groupLabels({ __name__: 'up', job: 'node' })).toEqual({ field___name__: 'up', job: 'node' });
  });
});

describe("launchwatch's own health", () => {
  it('counts ingest, rejections by reason, evaluations, the outbox by state and the store', () => {
    const counters = { ...newIngestCounters(), accepted: 5, rejectedRequests: { unauthorized: 2, malformed: 1, rateLimited: 0 } };
    const text = renderExposition(
      healthFamilies({
        version: '1.2.3',
        counters,
        commits: 4,
        evaluations: { count: 2, sumSeconds: 0.5 },
        notifications: { pending: 1, sent: 3, failed: 0 },
        storeBytes: 4096,
        storedEvents: { command: 5 },
        quarantinedSegments: 1,
      }),
    );
    for (const line of [
      'launchwatch_build_info{version="1.2.3"} 1',
      'launchwatch_events_ingested_total 5',
      'launchwatch_ingest_requests_rejected_total{reason="unauthorized"} 2',
      'launchwatch_ingest_requests_rejected_total{reason="malformed"} 1',
      'launchwatch_ingest_commits_total 4',
      'launchwatch_evaluation_duration_seconds_sum 0.5',
      'launchwatch_evaluation_duration_seconds_count 2',
      'launchwatch_notifications{state="sent"} 3',
      'launchwatch_events_stored{type="command"} 5',
      'launchwatch_store_size_bytes 4096',
      'launchwatch_ingest_quarantined_segments 1',
    ]) {
      expect(text).toContain(`${line}\n`);
    }
  });

  it('has no store size for a store without a file', () => {
    const text = renderExposition(
      healthFamilies({ version: 'x', counters: newIngestCounters(), commits: 0, evaluations: { count: 0, sumSeconds: 0 }, notifications: {}, storeBytes: null, storedEvents: {}, quarantinedSegments: 0 }),
    );
    expect(text).not.toContain('launchwatch_store_size_bytes');
  });

  it('says whether the last plan reload succeeded, and when a plan was last put in force, in seconds', () => {
    const failed = renderExposition(reloadFamilies({ lastSuccessful: false, lastSuccessAt: 1_764_000_000_500 }));
    expect(failed).toContain('# TYPE launchwatch_plan_last_reload_successful gauge\n');
    expect(failed).toContain('launchwatch_plan_last_reload_successful 0\n');
    expect(failed).toContain('launchwatch_plan_last_reload_success_timestamp_seconds 1764000000.5\n');
    expect(renderExposition(reloadFamilies({ lastSuccessful: true, lastSuccessAt: 0 }))).toContain('launchwatch_plan_last_reload_successful 1\n');
  });
});

describe('plan metric family names', () => {
  it('gives an id ending in a suffix Prometheus reserves the ending _value, and keeps distinct ids apart', () => {
    expect(metricFamilyName('success_rate')).toBe('launchwatch_metric_success_rate');
    for (const suffix of ['sum', 'count', 'bucket', 'total', 'created']) expect(metricFamilyName(`checkout_${suffix}`)).toBe(`launchwatch_metric_checkout_${suffix}_value`);
    expect(metricFamilyName('checkout_sum_value')).toBe('launchwatch_metric_checkout_sum_value_value');
    expect(metricFamilyName('summary')).toBe('launchwatch_metric_summary');
    expect(metricFamilyName('total')).toBe('launchwatch_metric_total');
  });
});

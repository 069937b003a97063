import { describe, expect, it } from 'vitest';
import type { MetricSpec } from '../../plan/types.js';
import { cohortQuery, retentionOf, retentionQuery } from './retention.js';

const D = 86_400_000;
const metric: MetricSpec = {
  id: 'day7_retention',
  title: 'Day 7 retention',
  from: 'run',
  where: [{ field: 'channel', condition: { op: 'eq', value: "x'; DROP TABLE ev_run; --" } }],
  measure: { kind: 'retention', afterMs: 7 * D },
  by: [],
  windowMs: 7 * D,
  unit: 'percent',
  targets: [],
};

describe('retention SQL', () => {
  it('takes the cohort 7 days before the range, with every value a parameter', () => {
    const q = retentionQuery(retentionOf(metric), { from: 20 * D, to: 27 * D });
    expect(q.sql).toContain('FROM "ev_run" WHERE ts <= $1 AND user_id IS NOT NULL AND ("p_channel" = $2) GROUP BY user_id');
    expect(q.sql).toContain('last_ms >= first_ms + $3');
    expect(q.sql).toContain('first_ms >= $4 AND first_ms <= $5');
    expect(q.sql).not.toContain('DROP');
    expect(q.params).toEqual([{ timestampMs: 27 * D }, "x'; DROP TABLE ev_run; --", 7 * D, 13 * D, 20 * D]);
  });

  it('buckets cohorts by step from the range start, retained counted up to asOf', () => {
    const q = cohortQuery(retentionOf(metric), { from: 0, to: 28 * D - 1 }, 7 * D, 35 * D);
    expect(q.sql).toContain('floor((first_ms - $3) / $4)::BIGINT AS bucket');
    expect(q.params).toEqual([{ timestampMs: 35 * D }, "x'; DROP TABLE ev_run; --", 0, 7 * D, 7 * D, 28 * D - 1]);
  });

  it('refuses a metric of another kind', () => {
    expect(() => retentionOf({ ...metric, measure: { kind: 'count' } })).toThrow('not a retention metric');
  });
});

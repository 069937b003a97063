/**
 * DuckDB SQL for `funnel` metrics (src/plan/funnel.ts). Per bucket of the
 * range (one bucket for a measure), a user's first event of the first step in
 * the bucket starts their funnel; each later step is their earliest event of
 * it strictly after the previous step's, no later than the first step plus
 * `within` and the bucket's end. One query: a CTE per step joining the
 * previous one's users to the step's events. Pure query builder; every value
 * a parameter.
 */
import type { FunnelQuery } from '../../metrics/query.js';
import type { Measurement, Series, TimeRange } from '../types.js';
import { funnelMeasurement, funnelSeriesOf } from '../funnel.js';
import { queryRows, type DuckDB } from './database.js';
import { conjunction, eventTable, Params, type Query } from './sql.js';

/** Columns: bucket, step (from 0), users. Buckets where nobody did the first step are left out. */
export function funnelQuery(query: FunnelQuery, range: TimeRange, stepMs: number): Query {
  const params = new Params();
  const origin = params.add(range.from);
  const step = params.add(stepMs);
  const from = params.add({ timestampMs: range.from });
  const to = params.add({ timestampMs: range.to });
  const toMs = params.add(range.to);
  const within = params.add(query.withinMs);
  const events = (i: number): string => {
    const s = query.steps[i];
    if (!s) throw new Error(`funnel step ${i} is missing`);
    return `SELECT user_id, epoch_ms(ts) AS t FROM ${eventTable(s.source.events)} WHERE ts >= ${from} AND ts <= ${to} AND user_id IS NOT NULL AND ${conjunction(s.where, params)}`;
  };
  const ctes = [
    `s0 AS (SELECT user_id, bucket, t1 AS t, least(t1 + ${within}, ${origin} + (bucket + 1) * ${step} - 1, ${toMs}) AS until ` +
      `FROM (SELECT user_id, floor((t - ${origin}) / ${step})::BIGINT AS bucket, min(t) AS t1 FROM (${events(0)}) GROUP BY user_id, bucket))`,
  ];
  for (let i = 1; i < query.steps.length; i++) {
    ctes.push(
      `s${i} AS (SELECT p.user_id, p.bucket, min(e.t) AS t, p.until FROM s${i - 1} p JOIN (${events(i)}) e ` +
        `ON e.user_id = p.user_id AND e.t > p.t AND e.t <= p.until GROUP BY p.user_id, p.bucket, p.until)`,
    );
  }
  const counts = query.steps.map((_, i) => `SELECT bucket, ${i} AS step, count(*) AS users FROM s${i} GROUP BY bucket`);
  return { sql: `WITH ${ctes.join(', ')} ${counts.join(' UNION ALL ')} ORDER BY bucket, step`, params: params.values };
}

/** The users reaching each step, by bucket. */
async function usersByBucket(db: DuckDB, funnel: FunnelQuery, range: TimeRange, stepMs: number): Promise<Map<number, number[]>> {
  const query = funnelQuery(funnel, range, stepMs);
  const rows = await db.read((connection) => queryRows(connection, query.sql, query.params));
  const byBucket = new Map<number, number[]>();
  for (const row of rows) {
    const users = byBucket.get(Number(row.bucket)) ?? new Array<number>(funnel.steps.length).fill(0);
    users[Number(row.step)] = Number(row.users);
    byBucket.set(Number(row.bucket), users);
  }
  return byBucket;
}

export async function measureFunnel(db: DuckDB, funnel: FunnelQuery, range: TimeRange): Promise<Measurement> {
  const byBucket = await usersByBucket(db, funnel, range, range.to - range.from + 1);
  return funnelMeasurement(funnel, byBucket.get(0) ?? []);
}

/** Per bucket of `stepMs` from `range.from`, each bucket measured as a range of its own (one query). */
export async function funnelSeries(db: DuckDB, funnel: FunnelQuery, range: TimeRange, stepMs: number): Promise<Series> {
  const buckets = Math.max(1, Math.ceil((range.to - range.from) / stepMs));
  const covered = { from: range.from, to: range.from + buckets * stepMs - 1 };
  return funnelSeriesOf(funnel, covered, stepMs, await usersByBucket(db, funnel, covered, stepMs));
}

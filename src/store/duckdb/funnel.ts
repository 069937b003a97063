/**
 * DuckDB SQL for `funnel` metrics (src/plan/funnel.ts). Per bucket of the
 * range (one bucket for a measure), a user's first event of the first step in
 * the bucket starts their funnel; each later step is their earliest event of
 * it strictly after the previous step's, no later than the first step plus
 * `within` and the bucket's end. As no funnel reaches past its bucket, every
 * event is bucketed by its own time: one pass over the steps' events (each
 * scan filtered by type, time and `where`) grouped by user and bucket keeps
 * the first step's earliest time and each later step's times as a list; the
 * chain is then walked per user with list filters, with no join over the
 * events. Pure query builder; every value a parameter.
 */
import type { FunnelQuery } from '../../metrics/query.js';
import type { Measurement, Series, TimeRange } from '../types.js';
import { funnelMeasurement, funnelSeriesOf } from '../funnel.js';
import { queryRows, type DuckDB } from './database.js';
import { conjunction, eventTable, Params, type Query } from './sql.js';

/** Columns: bucket, then n0 … n{k} (the users reaching each step). Buckets where nobody did the first step are left out. */
export function funnelQuery(query: FunnelQuery, range: TimeRange, stepMs: number): Query {
  const params = new Params();
  const origin = params.add(range.from);
  const step = params.add(stepMs);
  const from = params.add({ timestampMs: range.from });
  const to = params.add({ timestampMs: range.to });
  const toMs = params.add(range.to);
  const within = params.add(query.withinMs);
  const scans = query.steps.map(
    (s, k) => `SELECT user_id, epoch_ms(ts) AS t, ${k} AS k FROM ${eventTable(s.source.events)} WHERE ts >= ${from} AND ts <= ${to} AND user_id IS NOT NULL AND ${conjunction(s.where, params)}`,
  );
  const later = query.steps.slice(1).map((_, i) => `list(t) FILTER (WHERE k = ${i + 1}) AS l${i + 1}`);
  const perUser =
    `SELECT bucket, t0, least(t0 + ${within}, ${origin} + (bucket + 1) * ${step} - 1, ${toMs}) AS until, ${later.map((_, i) => `l${i + 1}`).join(', ')} ` +
    `FROM (SELECT floor((t - ${origin}) / ${step})::BIGINT AS bucket, min(t) FILTER (WHERE k = 0) AS t0, ${later.join(', ')} ` +
    `FROM (${scans.join(' UNION ALL ')}) GROUP BY user_id, bucket) WHERE t0 IS NOT NULL`;
  // Level k adds t{k}, the earliest time of step k after t{k − 1} and no later than `until` (NULL when none: the user stopped).
  let level = perUser;
  const reached = ['t0'];
  for (let k = 1; k < query.steps.length; k++) {
    const keep = ['bucket', 'until', ...reached, ...query.steps.slice(k + 1).map((_, i) => `l${k + 1 + i}`)];
    level = `SELECT ${keep.join(', ')}, list_min(list_filter(l${k}, lambda x: x > t${k - 1} AND x <= until)) AS t${k} FROM (${level})`;
    reached.push(`t${k}`);
  }
  const counts = reached.map((t, k) => `count(${t}) AS n${k}`).join(', ');
  return { sql: `SELECT bucket, ${counts} FROM (${level}) GROUP BY bucket ORDER BY bucket`, params: params.values };
}

/** The users reaching each step, by bucket. */
async function usersByBucket(db: DuckDB, funnel: FunnelQuery, range: TimeRange, stepMs: number): Promise<Map<number, number[]>> {
  const query = funnelQuery(funnel, range, stepMs);
  const rows = await db.read((connection) => queryRows(connection, query.sql, query.params));
  return new Map(rows.map((row) => [Number(row.bucket), funnel.steps.map((_, i) => Number(row[`n${i}`] ?? 0))]));
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

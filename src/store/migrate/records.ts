/**
 * The other state records: metric samples (SQL: they have no key, so each is
 * written once, in the transaction that records the progress), releases,
 * baselines and backlog items (through their ports, by key), and when each
 * digest was last sent (SQL: the port also writes the digest's notifications).
 */
import type { Baseline } from '../../baselines/types.js';
import type { BacklogItem } from '../../backlog/types.js';
import type { Release } from '../../releases/types.js';
import { num, numOrNull, parsed, sameTable, text, textOrNull, type RecordKind } from './kind.js';

/** Samples in the order they were recorded (DuckDB's row id). */
export function metricSamples(): RecordKind {
  return sameTable('metric_samples', {
    select: 'SELECT rowid AS row_id, metric_id, group_key, epoch_ms(ts) AS ts, value, status FROM metric_samples',
    key: ['row_id'],
    write: async (rows, tx) => {
      await tx.query(
        `INSERT INTO metric_samples (metric_id, group_key, ts, value, status) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::float8[], $5::text[])`,
        [rows.map((r) => text(r.metric_id)), rows.map((r) => text(r.group_key)), rows.map((r) => num(r.ts)), rows.map((r) => numOrNull(r.value)), rows.map((r) => text(r.status))],
      );
    },
  });
}

export function releases(): RecordKind {
  return sameTable('releases', {
    select: 'SELECT version, body FROM releases',
    key: ['version'],
    write: async (rows, _tx, target) => {
      for (const row of rows) await target.state.releases.addRelease(parsed<Release>(row.body));
    },
  });
}

export function baselines(): RecordKind {
  return sameTable('baselines', {
    select: 'SELECT name, body FROM baselines',
    key: ['name'],
    write: async (rows, _tx, target) => {
      for (const row of rows) await target.state.baselines.putBaseline(parsed<Baseline>(row.body));
    },
  });
}

export function backlogItems(): RecordKind {
  return sameTable('backlog_items', {
    select: 'SELECT id, body FROM backlog_items',
    key: ['id'],
    write: async (rows, _tx, target) => {
      for (const row of rows) await target.state.backlog.putBacklogItem(parsed<BacklogItem>(row.body));
    },
  });
}

export function digestRuns(): RecordKind {
  return sameTable('digest_runs', {
    select: 'SELECT digest, epoch_ms(slot) AS slot, kind, period, epoch_ms(recorded_at) AS recorded_at, notifications FROM digest_runs',
    key: ['digest', 'slot'],
    write: async (rows, tx) => {
      await tx.query(
        `INSERT INTO digest_runs (digest, slot, kind, period, recorded_at, notifications)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::integer[]) ON CONFLICT (digest, slot) DO NOTHING`,
        [rows.map((r) => text(r.digest)), rows.map((r) => num(r.slot)), rows.map((r) => text(r.kind)), rows.map((r) => textOrNull(r.period)), rows.map((r) => num(r.recorded_at)), rows.map((r) => num(r.notifications))],
      );
    },
  });
}

/**
 * The alerting records: alert instances and aggregation groups (through the
 * AlertStateStore port, an upsert by key), silences (SilenceStore), the
 * transitions and the notification outbox (parametrised SQL: the outbox rows
 * keep their status, attempts, next attempt, sent time and last error, which
 * no port writes as they are).
 */
import type { AggregationGroup, AlertInstance, Silence } from '../../alerting/types.js';
import { num, numOrNull, parsed, sameTable, text, textOrNull, type RecordKind } from './kind.js';

export function alertInstances(): RecordKind {
  return sameTable('alert_instances', {
    select: 'SELECT fingerprint, body FROM alert_instances',
    key: ['fingerprint'],
    write: async (rows, _tx, target) => {
      const instances = rows.map((r) => parsed<AlertInstance>(r.body));
      await target.state.state.commitAlerting({ instances, removedInstances: [], transitions: [], groups: [], removedGroups: [], notifications: [] });
    },
  });
}

export function alertGroups(): RecordKind {
  return sameTable('alert_groups', {
    select: 'SELECT key, body FROM alert_groups',
    key: ['key'],
    write: async (rows, _tx, target) => {
      const groups = rows.map((r) => parsed<AggregationGroup>(r.body));
      await target.state.state.commitAlerting({ instances: [], removedInstances: [], transitions: [], groups, removedGroups: [], notifications: [] });
    },
  });
}

/** Transitions have no key of their own: read in the order they were written (DuckDB's row id), numbered in that order by PostgreSQL. */
export function alertHistory(): RecordKind {
  return sameTable('alert_history', {
    select: `SELECT rowid AS row_id, epoch_ms(happened_at) AS happened_at, fingerprint, rule, from_state, to_state, severity, value, reason FROM alert_history`,
    key: ['row_id'],
    write: async (rows, tx) => {
      await tx.query(
        `INSERT INTO alert_history (happened_at, fingerprint, rule, from_state, to_state, severity, value, reason)
         SELECT happened_at, fingerprint, rule, from_state, to_state, severity, value, reason
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[])
           WITH ORDINALITY AS h(happened_at, fingerprint, rule, from_state, to_state, severity, value, reason, n)
         ORDER BY n`,
        [
          rows.map((r) => num(r.happened_at)),
          rows.map((r) => text(r.fingerprint)),
          rows.map((r) => text(r.rule)),
          rows.map((r) => text(r.from_state)),
          rows.map((r) => text(r.to_state)),
          rows.map((r) => textOrNull(r.severity)),
          rows.map((r) => numOrNull(r.value)),
          rows.map((r) => text(r.reason)),
        ],
      );
    },
  });
}

/** The outbox row for row: a pending notification stays owed, a sent one stays sent. */
export function notifications(): RecordKind {
  return sameTable('notifications', {
    select: `SELECT id, channel, body, status, attempts, epoch_ms(next_attempt_at) AS next_attempt_at, epoch_ms(created_at) AS created_at,
               epoch_ms(sent_at) AS sent_at, last_error FROM notifications`,
    key: ['id'],
    write: async (rows, tx) => {
      await tx.query(
        `INSERT INTO notifications (id, channel, body, status, attempts, next_attempt_at, created_at, sent_at, last_error)
         SELECT id, channel, body::json, status, attempts, next_attempt_at, created_at, sent_at, last_error
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[])
           AS o(id, channel, body, status, attempts, next_attempt_at, created_at, sent_at, last_error)
         ON CONFLICT (id) DO NOTHING`,
        [
          rows.map((r) => text(r.id)),
          rows.map((r) => text(r.channel)),
          rows.map((r) => text(r.body)),
          rows.map((r) => text(r.status)),
          rows.map((r) => num(r.attempts)),
          rows.map((r) => num(r.next_attempt_at)),
          rows.map((r) => num(r.created_at)),
          rows.map((r) => numOrNull(r.sent_at)),
          rows.map((r) => textOrNull(r.last_error)),
        ],
      );
    },
  });
}

export function silences(): RecordKind {
  return sameTable('silences', {
    select: 'SELECT id, body FROM silences',
    key: ['id'],
    write: async (rows, _tx, target) => {
      for (const row of rows) await target.state.state.putSilence(parsed<Silence>(row.body));
    },
  });
}

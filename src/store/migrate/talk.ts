/**
 * The on-call and incident-talk state: the run-time on-call overrides and the
 * handoff notices sent (OnCallStore), the talk log (each announcement,
 * stakeholder and subscriber update said once), the status page's
 * subscribers and the maintenance windows declared through the API
 * (TalkStore). SQL upserts by key (the ports' writes would also owe
 * notifications again), so a resumed run stores each row once; DuckDB's
 * timestamps are read as epoch ms, its JSON text written as jsonb.
 */
import { num, numOrNull, sameTable, text, type RecordKind } from './kind.js';

export function oncallOverrides(): RecordKind {
  return sameTable('oncall_overrides', {
    select: 'SELECT id, schedule, person, epoch_ms(starts_at) AS starts_at, epoch_ms(ends_at) AS ends_at, epoch_ms(created_at) AS created_at, created_by FROM oncall_overrides',
    key: ['id'],
    write: async (rows, tx) => {
      await tx.query(
        `INSERT INTO oncall_overrides (id, schedule, person, starts_at, ends_at, created_at, created_by)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[])
         ON CONFLICT (id) DO NOTHING`,
        [rows.map((r) => text(r.id)), rows.map((r) => text(r.schedule)), rows.map((r) => text(r.person)), rows.map((r) => num(r.starts_at)), rows.map((r) => num(r.ends_at)), rows.map((r) => num(r.created_at)), rows.map((r) => text(r.created_by))],
      );
    },
  });
}

export function oncallHandoffNotices(): RecordKind {
  return sameTable('oncall_handoff_notices', {
    select: 'SELECT key, epoch_ms(sent_at) AS sent_at FROM oncall_handoff_notices',
    key: ['key'],
    write: async (rows, tx) => {
      await tx.query(
        `INSERT INTO oncall_handoff_notices (key, sent_at) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT (key) DO NOTHING`,
        [rows.map((r) => text(r.key)), rows.map((r) => num(r.sent_at))],
      );
    },
  });
}

export function talkLog(): RecordKind {
  return sameTable('talk_log', {
    select: 'SELECT key, kind, incident_id, about_at, recorded_at, notifications FROM talk_log',
    key: ['key'],
    write: async (rows, tx) => {
      await tx.query(
        `INSERT INTO talk_log (key, kind, incident_id, about_at, recorded_at, notifications)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::integer[])
         ON CONFLICT (key) DO NOTHING`,
        [rows.map((r) => text(r.key)), rows.map((r) => text(r.kind)), rows.map((r) => text(r.incident_id)), rows.map((r) => num(r.about_at)), rows.map((r) => num(r.recorded_at)), rows.map((r) => num(r.notifications))],
      );
    },
  });
}

export function statusSubscribers(): RecordKind {
  return sameTable('status_subscribers', {
    select: 'SELECT id, address, confirmed_at, created_at, body FROM status_subscribers',
    key: ['id'],
    write: async (rows, tx) => {
      await tx.query(
        `INSERT INTO status_subscribers (id, address, confirmed_at, created_at, body)
         SELECT id, address, confirmed_at, created_at, body::jsonb FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[]) AS s(id, address, confirmed_at, created_at, body)
         ON CONFLICT (id) DO NOTHING`,
        [rows.map((r) => text(r.id)), rows.map((r) => text(r.address)), rows.map((r) => numOrNull(r.confirmed_at)), rows.map((r) => num(r.created_at)), rows.map((r) => text(r.body))],
      );
    },
  });
}

export function maintenanceWindows(): RecordKind {
  return sameTable('maintenance_windows', {
    select: 'SELECT id, starts_at, ends_at, body FROM maintenance_windows',
    key: ['id'],
    write: async (rows, tx) => {
      await tx.query(
        `INSERT INTO maintenance_windows (id, starts_at, ends_at, body)
         SELECT id, starts_at, ends_at, body::jsonb FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[]) AS m(id, starts_at, ends_at, body)
         ON CONFLICT (id) DO NOTHING`,
        [rows.map((r) => text(r.id)), rows.map((r) => num(r.starts_at)), rows.map((r) => num(r.ends_at)), rows.map((r) => text(r.body))],
      );
    },
  });
}

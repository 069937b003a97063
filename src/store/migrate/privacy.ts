/**
 * Privacy's state: the ingest switch (SQL: the port's write also audits the
 * change, which would add an entry the embedded log does not have) and the
 * audit log, each entry with its sequence number (the order the log is read in).
 */
import { identityPast, num, sameTable, text, textOrNull, type RecordKind } from './kind.js';

export function privacySwitch(): RecordKind {
  return sameTable('privacy_switch', {
    select: 'SELECT id, paused, reason, changed_by, epoch_ms(changed_at) AS changed_at FROM privacy_switch',
    key: ['id'],
    write: async (rows, tx) => {
      for (const r of rows) {
        await tx.query(
          `INSERT INTO privacy_switch (id, paused, reason, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO UPDATE SET paused = excluded.paused, reason = excluded.reason, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
          [num(r.id), Boolean(r.paused), textOrNull(r.reason), text(r.changed_by), num(r.changed_at)],
        );
      }
    },
  });
}

export function privacyAudit(): RecordKind {
  return sameTable('privacy_audit', {
    select: 'SELECT seq, epoch_ms(happened_at) AS happened_at, action, actor, subject, details FROM privacy_audit',
    key: ['seq'],
    write: async (rows, tx) => {
      await tx.query(
        `INSERT INTO privacy_audit (seq, happened_at, action, actor, subject, details) OVERRIDING SYSTEM VALUE
         SELECT seq, happened_at, action, actor, subject, details::json
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS a(seq, happened_at, action, actor, subject, details)
         ON CONFLICT (seq) DO NOTHING`,
        [rows.map((r) => num(r.seq)), rows.map((r) => num(r.happened_at)), rows.map((r) => text(r.action)), rows.map((r) => text(r.actor)), rows.map((r) => textOrNull(r.subject)), rows.map((r) => text(r.details))],
      );
    },
    finish: (target) => identityPast(target, 'privacy_audit', 'seq'),
  });
}

/**
 * The first version of the PostgreSQL state schema: the tables of the DuckDB
 * state (src/store/duckdb/), with times as bigint epoch milliseconds, bodies
 * as json (kept as written), and keys that queries sort on in the "C"
 * collation, so text sorts by code point as in DuckDB whatever the
 * database's locale. Applied by migrations.ts.
 */

const SAMPLES = [
  `CREATE TABLE metric_samples (
     metric_id text COLLATE "C" NOT NULL, group_key text COLLATE "C" NOT NULL,
     ts bigint NOT NULL, value double precision, status text NOT NULL)`,
  `CREATE INDEX metric_samples_by_metric ON metric_samples (metric_id, ts)`,
  `CREATE INDEX metric_samples_by_time ON metric_samples (ts)`,
];

const ALERTING = [
  `CREATE TABLE alert_instances (fingerprint text COLLATE "C" PRIMARY KEY, body json NOT NULL)`,
  `CREATE TABLE alert_history (
     seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     happened_at bigint NOT NULL, fingerprint text COLLATE "C" NOT NULL, rule text NOT NULL,
     from_state text NOT NULL, to_state text NOT NULL, severity text, value double precision, reason text NOT NULL)`,
  `CREATE INDEX alert_history_by_time ON alert_history (happened_at)`,
  `CREATE INDEX alert_history_by_fingerprint ON alert_history (fingerprint, happened_at)`,
  `CREATE TABLE alert_groups (key text COLLATE "C" PRIMARY KEY, body json NOT NULL)`,
  `CREATE TABLE notifications (
     id text COLLATE "C" PRIMARY KEY, channel text NOT NULL, body json NOT NULL,
     status text NOT NULL, attempts integer NOT NULL, next_attempt_at bigint NOT NULL,
     created_at bigint NOT NULL, sent_at bigint, last_error text)`,
  // The outbox's reads: due (pending, by next attempt, oldest first), being retried, listings by status and by time.
  `CREATE INDEX notifications_pending ON notifications (created_at, id) WHERE status = 'pending'`,
  `CREATE INDEX notifications_pending_due ON notifications (next_attempt_at) WHERE status = 'pending'`,
  `CREATE INDEX notifications_by_status ON notifications (status, created_at)`,
  `CREATE INDEX notifications_by_time ON notifications (created_at)`,
  `CREATE TABLE silences (id text COLLATE "C" PRIMARY KEY, body json NOT NULL, ends_at bigint NOT NULL)`,
];

const INCIDENTS = [
  `CREATE SEQUENCE incident_ids START 1`,
  `CREATE SEQUENCE action_item_ids START 1`,
  `CREATE TABLE incidents (
     id text COLLATE "C" PRIMARY KEY, status text NOT NULL,
     declared_at bigint NOT NULL, resolved_at bigint, body json NOT NULL)`,
  `CREATE INDEX incidents_by_declaration ON incidents (declared_at)`,
  `CREATE TABLE incident_timeline (
     seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, incident_id text COLLATE "C" NOT NULL,
     happened_at bigint NOT NULL, kind text NOT NULL, is_public boolean NOT NULL, body json NOT NULL)`,
  `CREATE INDEX incident_timeline_by_incident ON incident_timeline (incident_id, happened_at, seq)`,
  `CREATE TABLE incident_action_items (
     id text COLLATE "C" PRIMARY KEY, incident_id text COLLATE "C" NOT NULL, created_at bigint NOT NULL, body json NOT NULL)`,
  `CREATE INDEX incident_action_items_by_incident ON incident_action_items (incident_id, created_at)`,
];

const IMPACT = [
  `CREATE TABLE releases (version text COLLATE "C" PRIMARY KEY, released_at bigint NOT NULL, body json NOT NULL)`,
  `CREATE TABLE baselines (name text COLLATE "C" PRIMARY KEY, taken_at bigint NOT NULL, body json NOT NULL)`,
  `CREATE SEQUENCE backlog_ids START 1`,
  `CREATE TABLE backlog_items (id text COLLATE "C" PRIMARY KEY, created_at bigint NOT NULL, body json NOT NULL)`,
];

const GITHUB = [
  `CREATE TABLE github_issues (
     repo text NOT NULL, number integer NOT NULL, title text NOT NULL, state text NOT NULL,
     labels json NOT NULL, author text NOT NULL, created_at bigint NOT NULL, closed_at bigint,
     updated_at bigint NOT NULL, first_response_at bigint, PRIMARY KEY (repo, number))`,
  `CREATE TABLE github_cursors (
     repo text PRIMARY KEY, issues_since text, issues_etag text, comments_since text, comments_etag text)`,
  `CREATE TABLE github_applied_labels (
     repo text NOT NULL, number integer NOT NULL, label text NOT NULL, applied_at bigint NOT NULL,
     PRIMARY KEY (repo, number, label))`,
];

const DIGESTS = [
  `CREATE TABLE digest_runs (
     digest text NOT NULL, slot bigint NOT NULL, kind text NOT NULL, period text,
     recorded_at bigint NOT NULL, notifications integer NOT NULL, PRIMARY KEY (digest, slot))`,
];

const PRIVACY = [
  `CREATE TABLE privacy_switch (
     id integer PRIMARY KEY, paused boolean NOT NULL, reason text, changed_by text NOT NULL, changed_at bigint NOT NULL)`,
  `CREATE TABLE privacy_audit (
     seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     happened_at bigint NOT NULL, action text NOT NULL, actor text NOT NULL, subject text, details json NOT NULL)`,
  // Erasures as resumable steps: requested (with the ids to erase), then completed (the ids forgotten).
  `CREATE TABLE privacy_erasures (
     id text COLLATE "C" PRIMARY KEY, user_ids text[], requested_at bigint NOT NULL,
     actor text NOT NULL, subject text NOT NULL, completed_at bigint)`,
  `CREATE INDEX privacy_erasures_pending ON privacy_erasures (requested_at, id) WHERE completed_at IS NULL`,
];

export const SCHEMA_V1: readonly string[] = [...SAMPLES, ...ALERTING, ...INCIDENTS, ...IMPACT, ...GITHUB, ...DIGESTS, ...PRIVACY];

/** Every table of the state schema (for checks and docs). */
export const STATE_TABLES: readonly string[] = SCHEMA_V1.flatMap((s) => /^CREATE TABLE (\w+)/.exec(s)?.[1] ?? []);

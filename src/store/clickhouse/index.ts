/**
 * The events side of the store ports on ClickHouse: the EventStore, the raw
 * values for the impact tests, the retention cohorts and the events half of
 * privacy, over one connection. The state side lives elsewhere (PostgreSQL,
 * or the embedded DuckDB); see docs/operations.md, "ClickHouse (events)".
 */
import type { EventValueReader } from '../event-values.js';
import type { PrivacyEventStore } from '../privacy.js';
import type { RetentionStore } from '../retention.js';
import type { EventStore } from '../types.js';
import { ClickHouseConnection, parseClickHouseUrl, type ConnectionOptions } from './connection.js';
import { Consistency } from './consistency.js';
import { ClickHouseEventStore } from './events.js';
import { stringLiteral } from './literal.js';
import { ClickHousePrivacyEvents } from './privacy.js';
import { ClickHouseRetentionStore } from './retention.js';
import { createSchema } from './schema.js';
import { ClickHouseEventValues } from './values.js';

export { parseClickHouseUrl } from './connection.js';

export interface ClickHouseEvents {
  readonly events: EventStore;
  readonly eventValues: EventValueReader;
  readonly retention: RetentionStore;
  readonly privacy: PrivacyEventStore;
  /** Bytes the events take on the server's disks (active parts of the database). */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}

export type ClickHouseEventsOptions = ConnectionOptions & {
  /** Where CLICKHOUSE_PASSWORD is read from when the URL has no password (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
};

/**
 * Opens the events on ClickHouse at `url` (clickhouse://user:pass@host:8123/database;
 * the database is created when missing, and the tables in it), ready for prepare().
 */
export async function openClickHouseEvents(url: string, options: ClickHouseEventsOptions = {}): Promise<ClickHouseEvents> {
  const db = await ClickHouseConnection.open(parseClickHouseUrl(url, options.env), options);
  try {
    await createSchema(db);
  } catch (error: unknown) {
    await db.close();
    throw error;
  }
  const consistency = new Consistency(db);
  const events = new ClickHouseEventStore(db, consistency);
  return {
    events,
    eventValues: new ClickHouseEventValues(db, consistency),
    retention: new ClickHouseRetentionStore(db, consistency),
    privacy: new ClickHousePrivacyEvents(db, consistency),
    async sizeBytes() {
      const [row] = await db.rows(`SELECT sum(bytes_on_disk) AS b FROM system.parts WHERE database = ${stringLiteral(db.database)} AND active`);
      return Number(row?.b ?? 0);
    },
    close: () => events.close(),
  };
}

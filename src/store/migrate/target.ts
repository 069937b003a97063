/**
 * The scale-out backends a migration writes to: the PostgreSQL state (its
 * ports, and a small pool of its own for the rows the ports cannot write as
 * they are, with the progress in the same transaction) and the ClickHouse
 * events. Both schemas are created or brought up to date on open.
 */
import { openClickHouseEvents, type ClickHouseEvents } from '../clickhouse/index.js';
import { PgDatabase } from '../postgres/database.js';
import { openPostgresState, type PostgresState } from '../postgres/index.js';
import { checkPostgresUrl } from '../postgres/url.js';

export interface Target {
  readonly state: PostgresState;
  readonly events: ClickHouseEvents;
  /** For parametrised SQL and transactions of the migration's own. */
  readonly db: PgDatabase;
  close(): Promise<void>;
}

export async function openTarget(stateUrl: string, eventsUrl: string): Promise<Target> {
  checkPostgresUrl(stateUrl);
  const state = await openPostgresState(stateUrl, { poolSize: 4 });
  let events: ClickHouseEvents;
  try {
    events = await openClickHouseEvents(eventsUrl);
  } catch (error: unknown) {
    await state.close();
    throw error;
  }
  const db = PgDatabase.create(stateUrl, { poolSize: 2 });
  return {
    state,
    events,
    db,
    close: async () => {
      await events.close();
      await db.close();
      await state.close();
    },
  };
}

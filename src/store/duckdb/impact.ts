/** The stores releases, baselines and the backlog need, opened on the embedded DuckDB (each creates its tables at open). */
import type { BacklogStore } from '../backlog.js';
import type { BaselineStore } from '../baselines.js';
import type { EventValueReader } from '../event-values.js';
import type { ReleaseStore } from '../releases.js';
import { DuckDBBacklogStore } from './backlog.js';
import { DuckDBBaselineStore } from './baselines.js';
import type { DuckDB } from './database.js';
import { DuckDBEventValues } from './event-values.js';
import { DuckDBReleaseStore } from './releases.js';

export interface ImpactStores {
  readonly releases: ReleaseStore;
  readonly baselines: BaselineStore;
  readonly backlog: BacklogStore;
  /** Raw event values (read-only), for the statistical tests of release impact. */
  readonly eventValues: EventValueReader;
}

export async function openImpactStores(db: DuckDB): Promise<ImpactStores> {
  return {
    releases: await DuckDBReleaseStore.open(db),
    baselines: await DuckDBBaselineStore.open(db),
    backlog: await DuckDBBacklogStore.open(db),
    eventValues: new DuckDBEventValues(db),
  };
}

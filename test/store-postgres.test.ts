/**
 * The state side of the store contract against PostgreSQL (the real server of
 * test/services.ts): every state suite of test/contract/ on a fresh database
 * per case, reopened by opening the same database again.
 */
import { openPostgresState, type PostgresState } from '../src/store/postgres/index.js';
import { alertStoreContract } from './contract/alert-store.js';
import { digestStoreContract } from './contract/digest-store.js';
import { githubStoreContract } from './contract/github-store.js';
import { impactStateContract } from './contract/impact-stores.js';
import { incidentStoreContract } from './contract/incident-store.js';
import { onCallStoreContract } from './contract/oncall-store.js';
import { privacyErasureContract, privacyStateContract } from './contract/privacy-store.js';
import { stateStoreContract } from './contract/stores.js';
import { talkStoreContract } from './contract/talk-store.js';
import { freshDatabase } from './helpers/postgres.js';

/** A fresh database, opened; `reopen` opens it again with a new pool. */
async function fresh(): Promise<PostgresState & { reopen(): Promise<PostgresState> }> {
  const url = await freshDatabase();
  const open = () => openPostgresState(url, { poolSize: 4 });
  return { ...(await open()), reopen: open };
}

const postgres = { fresh };

stateStoreContract('PostgreSQL', postgres);
alertStoreContract('PostgreSQL', postgres);
incidentStoreContract('PostgreSQL', postgres);
digestStoreContract('PostgreSQL', postgres);
onCallStoreContract('PostgreSQL', postgres);
githubStoreContract('PostgreSQL', postgres);
impactStateContract('PostgreSQL', postgres);
privacyStateContract('PostgreSQL', postgres);
privacyErasureContract('PostgreSQL', postgres);
talkStoreContract('PostgreSQL', postgres);

/**
 * The store backends, registered in one place: each a kind, its options and
 * an `open` that returns every store launchwatch uses (`Stores`).
 * `createLaunchwatch({ store })` picks one by kind; without `store` it opens
 * the embedded DuckDB stores under `dataDir`, as it always has.
 *
 * Adding a backend is one entry in `StoreBackendOptions` and one in
 * `storeBackends` (CONTRIBUTING.md, "Adding a store backend"). A backend may
 * put the two sides of the ports (src/store/ports.ts) on two databases, the
 * events on one and the state on another: its `open` composes them.
 */
import { LaunchwatchError } from '../errors.js';
import type { BacklogStore } from './backlog.js';
import type { BaselineStore } from './baselines.js';
import type { DigestStore } from './digests.js';
import { openEmbeddedStores } from './duckdb/index.js';
import type { EncodedAppend } from './duckdb/log-format.js';
import type { EventValueReader } from './event-values.js';
import type { GithubStore } from './github.js';
import type { HealthStore } from './health.js';
import type { OnCallStore } from './oncall.js';
import type { PrivacyStore } from './privacy.js';
import type { ReleaseStore } from './releases.js';
import type { RetentionStore } from './retention.js';
import type { TalkStore } from './talk.js';
import type { EventStore, StateStore } from './types.js';
import type { ReplicaPool } from '../cluster/replica.js';

/** Every store launchwatch uses, as a backend opens them; close() closes them all. */
export interface Stores {
  /** The embedded store also takes batches encoded ahead of the commit (log-format.ts) and reports set-aside log segments. */
  readonly events: EventStore & Partial<EncodedAppend> & { onQuarantine?(listener: (quarantined: { readonly path: string; readonly error: string }) => void): void };
  readonly state: StateStore;
  readonly releases: ReleaseStore;
  readonly baselines: BaselineStore;
  readonly backlog: BacklogStore;
  /** Raw event values (read-only), for the statistical tests of release impact. */
  readonly eventValues: EventValueReader;
  readonly health: HealthStore;
  readonly github: GithubStore;
  readonly privacy: PrivacyStore;
  /** When each scheduled digest was last sent. */
  readonly digests: DigestStore;
  /** What incidents said to whom, the status page's subscribers and maintenance windows. */
  readonly talk: TalkStore;
  /** The on-call overrides made at run time. */
  readonly oncall: OnCallStore;
  /** Retention cohorts by week of first use. */
  readonly retention: RetentionStore;
  /**
   * Set by a backend that several replicas share (its state in PostgreSQL): the pool the replicas
   * elect their leader on (src/cluster/), and what a new leader completes of its predecessor's work
   * (`resume`: erasures left half done). Without it the process is the only one and always leads.
   */
  readonly shared?: { readonly pool: ReplicaPool; readonly resume?: () => Promise<void> };
  close(): Promise<void>;
}

/** Each backend's options, by kind. */
export interface StoreBackendOptions {
  /** The embedded default: every store in one DuckDB file under `dataDir` (':memory:' for a throwaway database). */
  readonly duckdb: { readonly dataDir: string; readonly memoryLimit?: string };
  /** Scale-out (src/store/scale-out.ts): the state in PostgreSQL, the events in ClickHouse, shared by several replicas. */
  readonly scaleout: { readonly stateUrl: string; readonly eventsUrl: string; readonly poolSize?: number };
}

export type StoreKind = keyof StoreBackendOptions;

/** Which backend, and its options: `{ kind: 'duckdb', dataDir }`. */
export type StoreOptions<K extends StoreKind = StoreKind> = { [P in K]: { readonly kind: P } & StoreBackendOptions[P] }[K];

export interface StoreBackend<K extends StoreKind> {
  /** Opens (creating or extending what is missing) every store; the caller prepares the event storage for the plan. */
  open(options: StoreOptions<K>): Promise<Stores>;
}

export const storeBackends: { readonly [K in StoreKind]: StoreBackend<K> } = {
  duckdb: { open: ({ dataDir, memoryLimit }) => openEmbeddedStores(dataDir, memoryLimit ? { memoryLimit } : {}) },
  // Imported when chosen: the PostgreSQL and ClickHouse clients are not loaded by an embedded server.
  scaleout: { open: async ({ stateUrl, eventsUrl, poolSize }) => (await import('./scale-out.js')).openScaleOutStores({ stateUrl, eventsUrl, ...(poolSize === undefined ? {} : { poolSize }) }) },
};

/** Opens the stores of the chosen backend. */
export function openStores<K extends StoreKind>(options: StoreOptions<K>): Promise<Stores> {
  const backend: StoreBackend<K> | undefined = Object.hasOwn(storeBackends, options.kind) ? storeBackends[options.kind] : undefined;
  if (!backend) throw new LaunchwatchError('invalid_request', `unknown store backend "${String(options.kind)}" (known: ${Object.keys(storeBackends).join(', ')})`);
  return backend.open(options);
}

/** What the app's options say about the store: `store`, or else the embedded DuckDB under `dataDir`. */
export interface StoreChoice {
  readonly store?: StoreOptions;
  readonly dataDir?: string;
  /** DuckDB's memory limit, for the default store. */
  readonly memoryLimit?: string;
}

/** The app's store: `store` when given, else `{ kind: 'duckdb', dataDir, memoryLimit }`. */
export function chosenStore(choice: StoreChoice): StoreOptions {
  if (choice.store) return choice.store;
  if (choice.dataDir === undefined) throw new LaunchwatchError('invalid_request', 'no store: give `store` ({ kind, ...options }) or `dataDir`');
  return { kind: 'duckdb', dataDir: choice.dataDir, ...(choice.memoryLimit ? { memoryLimit: choice.memoryLimit } : {}) };
}

/**
 * What privacy keeps, in domain words: the ingest kill switch (so a pause
 * survives a restart), erasure and access for one user, expiry of old data
 * by class, and the audit log of all of these. Each backend implements it;
 * test/contract/privacy-store.ts is the contract.
 */
import type { Scalar } from '../plan/types.js';

export interface IngestSwitch {
  readonly paused: boolean;
  /** Why, as told to senders in the 503. */
  readonly reason?: string;
  /** Who flipped it (the CLI user, "api"). */
  readonly by: string;
  readonly at: number;
}

export type AuditAction = 'pause' | 'resume' | 'purge_user' | 'export_user' | 'retention' | 'oncall_override_added' | 'oncall_override_deleted';

export interface AuditEntry {
  readonly at: number;
  readonly action: AuditAction;
  readonly actor: string;
  /** What it was about, never raw personal data: a user is recorded as `sha256:<hex>` of the id. */
  readonly subject?: string;
  /** Figures: rows deleted or exported by event type, the cutoff of a retention run ... */
  readonly details: Readonly<Record<string, unknown>>;
}

/** One stored event, as an export for an access request shows it. */
export interface StoredEvent {
  readonly type: string;
  readonly id: string;
  readonly ts: number;
  readonly userId: string | null;
  readonly sessionId: string | null;
  readonly properties: Readonly<Record<string, Scalar | null>>;
}

/** Rows by event type (or data class). */
export type RowCounts = Readonly<Record<string, number>>;

export interface PrivacyStore {
  /** The stored switch; undefined when it was never flipped. */
  ingestSwitch(): Promise<IngestSwitch | undefined>;
  /** Stores the switch and its audit entry in one transaction. */
  setIngestSwitch(state: IngestSwitch, audit: AuditEntry): Promise<void>;
  /** Every stored event of these user ids (a user may be stored under the id sent and under its hash), in every event table. */
  userEvents(userIds: readonly string[]): Promise<StoredEvent[]>;
  /** Deletes every event of these user ids in every event table, and writes the audit entry made from the counts, in one transaction. */
  purgeUser(userIds: readonly string[], audit: (deleted: RowCounts) => AuditEntry): Promise<RowCounts>;
  /** Deletes events older than `before` in every event table; with the audit entry, in one transaction. */
  expireEvents(before: number, audit: (deleted: RowCounts) => AuditEntry): Promise<RowCounts>;
  /** Deletes recorded metric samples older than `before`; with the audit entry, in one transaction. */
  expireSamples(before: number, audit: (deleted: number) => AuditEntry): Promise<number>;
  /**
   * Deletes alerting records from before `before`: alert transitions (`history`), notifications sent
   * or given up (`notifications`; a pending one is owed and stays), and silences that ended
   * (`silences`); with the audit entry, in one transaction.
   */
  expireAlerting(before: number, audit: (deleted: RowCounts) => AuditEntry): Promise<RowCounts>;
  appendAudit(entry: AuditEntry): Promise<void>;
  /** The newest entries first. */
  audit(limit: number): Promise<AuditEntry[]>;
}

/**
 * Where a backend keeps the state and the events in two databases, no
 * transaction spans both: `PrivacyStore` is composed from these two halves
 * (src/store/scale-out.ts), and an erasure becomes resumable steps recorded on
 * the state side: requested → events deleted → completed. A replica that dies
 * between the steps leaves a pending erasure that the next leader completes.
 */
export interface PendingErasure {
  /** Unique per request. */
  readonly id: string;
  /** The ids to erase (as sent and as hashed); kept only until the erasure completes. */
  readonly userIds: readonly string[];
  readonly requestedAt: number;
  readonly actor: string;
  /** `sha256:<hex>` of the id, for the audit log. */
  readonly subject: string;
}

/** The state half of privacy. */
export interface PrivacyStateStore {
  ingestSwitch(): Promise<IngestSwitch | undefined>;
  setIngestSwitch(state: IngestSwitch, audit: AuditEntry): Promise<void>;
  expireSamples(before: number, audit: (deleted: number) => AuditEntry): Promise<number>;
  expireAlerting(before: number, audit: (deleted: RowCounts) => AuditEntry): Promise<RowCounts>;
  appendAudit(entry: AuditEntry): Promise<void>;
  audit(limit: number): Promise<AuditEntry[]>;
  /** Records an erasure as requested (with its audit entry), before any event is deleted. Idempotent by id. */
  requestErasure(erasure: PendingErasure, audit: AuditEntry): Promise<void>;
  /** Erasures requested and not completed, oldest first. */
  pendingErasures(): Promise<PendingErasure[]>;
  /** Marks the erasure completed, forgets its user ids, and writes the audit entry, in one transaction. Idempotent by id. */
  completeErasure(id: string, audit: AuditEntry): Promise<void>;
}

/** The events half of privacy: every call idempotent, so a step can be run again after a crash. */
export interface PrivacyEventStore {
  userEvents(userIds: readonly string[]): Promise<StoredEvent[]>;
  /** Deletes every event of these user ids in every event table; the counts deleted by type (0 for a second run). */
  deleteUserEvents(userIds: readonly string[]): Promise<RowCounts>;
  /** Deletes events older than `before` in every event table; the counts by type. */
  deleteEventsBefore(before: number): Promise<RowCounts>;
}

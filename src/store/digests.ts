/**
 * Where scheduled digests are logged: which schedule slot each digest was
 * last sent for, written in one transaction with the notifications it owes,
 * so that a digest is sent once per slot, also across restarts. Every backend
 * passes test/contract/digest-store.ts.
 */
import type { NotificationRequest } from '../alerting/types.js';
import type { DigestKind } from '../plan/report-types.js';

export interface DigestRun {
  readonly digest: DigestKind;
  /** The schedule's slot this run is for (epoch ms), or when the digest was first seen (`initialised`). */
  readonly slot: number;
  /** What happened: the report was sent, or the digest started counting (nothing sent). */
  readonly kind: 'sent' | 'initialised';
  /** The period reported on, e.g. 2026-W47; null when initialised. */
  readonly period: string | null;
  readonly recordedAt: number;
  /** Notifications written to the outbox with it. */
  readonly notifications: number;
}

export interface DigestStore {
  /** The run with the latest slot, if any. */
  lastDigestRun(digest: DigestKind): Promise<DigestRun | undefined>;
  /**
   * Records a run and writes its notifications to the outbox, in one transaction. 'exists' (and
   * nothing written) when a run of that digest with this slot or a later one is already recorded.
   */
  recordDigestRun(run: DigestRun, notifications: readonly NotificationRequest[]): Promise<'recorded' | 'exists'>;
  /** Runs of one digest, latest slot first. */
  digestRuns(digest: DigestKind, limit?: number): Promise<DigestRun[]>;
}

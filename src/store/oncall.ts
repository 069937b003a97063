/**
 * What on-call keeps: the handoff notices sent (so each is sent once), and the
 * overrides made at run time (the API, the CLI, the dashboard):
 * someone takes a schedule for a span. Kept in the state so that they
 * survive restarts and plan reloads. Every backend passes
 * test/contract/oncall-store.ts.
 */
import type { NotificationRequest } from '../alerting/types.js';

export interface StoredOverride {
  /** Unique, `ovr_<hex>`. */
  readonly id: string;
  readonly schedule: string;
  readonly person: string;
  /** [from, to), epoch ms. */
  readonly from: number;
  readonly to: number;
  readonly createdAt: number;
  /** Who made it (the `by` of the request, else "api"). */
  readonly createdBy: string;
}

export interface OnCallStore {
  /** Writes an override (new, or changed by its id). */
  putOverride(override: StoredOverride): Promise<void>;
  /** Whether there was one to delete. */
  deleteOverride(id: string): Promise<boolean>;
  /** Every override, by `from` then id. */
  overrides(): Promise<StoredOverride[]>;
  /**
   * Records that the handoff notice `key` (schedule, person, shift start) was sent and writes its
   * notifications to the outbox, in one transaction; 'exists' (and nothing written) when it was already.
   */
  recordHandoffNotice(key: string, at: number, notifications: readonly NotificationRequest[]): Promise<'recorded' | 'exists'>;
}

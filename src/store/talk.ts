/**
 * What incidents talking to people keep: the talk log (each announcement,
 * stakeholder update and subscriber update written once, with the
 * notifications it owes, in one transaction, so that it is sent once also
 * across restarts), the status page's subscribers (personal data: an e-mail
 * address or a webhook URL) and the maintenance windows declared through the
 * API. Every backend passes test/contract/talk-store.ts.
 */
import type { NotificationRequest } from '../alerting/types.js';

export type TalkKind = 'announcement' | 'stakeholder_update' | 'subscriber_update' | 'started';

export interface TalkRecord {
  /** Unique: what was said about what (e.g. `announce:INC-3:resolved:1765000000000:0`). */
  readonly key: string;
  readonly kind: TalkKind;
  /** The incident it is about; '' for a record about no incident (`started`). */
  readonly incidentId: string;
  /** The moment it was about: the timeline entry's time, or the stakeholder slot. */
  readonly at: number;
  readonly recordedAt: number;
  /** Notifications written to the outbox with it. */
  readonly notifications: number;
}

export type SubscriberKind = 'email' | 'webhook';

export interface Subscriber {
  /** Random, public in links. */
  readonly id: string;
  readonly kind: SubscriberKind;
  /** The e-mail address or webhook URL. */
  readonly address: string;
  /** Component ids the subscriber follows; empty: every component. */
  readonly components: readonly string[];
  /** SHA-256 (hex) of the confirmation secret; null once confirmed. */
  readonly confirmHash: string | null;
  /** The random secret of the unsubscribe link every message carries (it can only unsubscribe). */
  readonly unsubscribeToken: string;
  readonly createdAt: number;
  readonly confirmedAt: number | null;
}

export interface MaintenanceWindow {
  readonly id: string;
  readonly components: readonly string[];
  readonly from: number;
  readonly to: number;
  readonly message: string;
  readonly createdAt: number;
  readonly createdBy: string;
}

export interface TalkStore {
  /**
   * Records `record` and writes its notifications to the outbox, in one transaction; 'exists' (and
   * nothing written) when a record with that key is already there.
   */
  recordTalk(record: TalkRecord, notifications: readonly NotificationRequest[]): Promise<'recorded' | 'exists'>;
  /** The record with this key, if any. */
  talkRecord(key: string): Promise<TalkRecord | undefined>;
  /** Records of one incident (and kind), latest `at` first. */
  talkRecords(incidentId: string, kind?: TalkKind): Promise<TalkRecord[]>;

  /** Writes a subscriber, new or changed (by id). */
  putSubscriber(subscriber: Subscriber): Promise<void>;
  subscriber(id: string): Promise<Subscriber | undefined>;
  /** Subscribers, oldest first: confirmed ones only, or those of one address. */
  subscribers(query: { confirmed?: boolean; address?: string }): Promise<Subscriber[]>;
  /** Deletes subscribers by id; resolves with how many there were. */
  deleteSubscribers(ids: readonly string[]): Promise<number>;
  /** Deletes the subscriptions never confirmed that were made before `before`; resolves with how many. */
  expireUnconfirmed(before: number): Promise<number>;

  putMaintenance(window: MaintenanceWindow): Promise<void>;
  /** Windows that end after `from`, by start. */
  maintenanceWindows(from: number): Promise<MaintenanceWindow[]>;
  /** Deletes a window; false when there is none with that id. */
  deleteMaintenance(id: string): Promise<boolean>;
}

/**
 * What the plan says about incidents talking to people: announcements to
 * channels (`incidents.announce`), stakeholder updates on a cadence
 * (`incidents.stakeholders`), and the public status page's subscribers and
 * scheduled maintenance (`status_page`). Plain data; src/plan/talk.ts reads it.
 */
import type { IncidentSeverity } from './incident-types.js';

/** The incident events an announcement may follow. */
export const ANNOUNCE_EVENTS = ['declared', 'severity_changed', 'status_update', 'resolved'] as const;
export type AnnounceEvent = (typeof ANNOUNCE_EVENTS)[number];

export interface AnnounceSpec {
  readonly channels: readonly string[];
  readonly on: readonly AnnounceEvent[];
}

export interface StakeholderSpec {
  readonly channels: readonly string[];
  readonly everyMs: number;
  /** The severities whose open incidents get updates. */
  readonly severities: readonly IncidentSeverity[];
}

/** A maintenance window: its components are shown under maintenance, and their alerts are muted, from `from` to `to`. */
export interface MaintenanceSpec {
  readonly id: string;
  readonly components: readonly string[];
  readonly from: number;
  readonly to: number;
  readonly message: string;
}

export interface SubscribersSpec {
  /** The e-mail channel (its SMTP server and sender) that mails subscribers; absent: no e-mail subscriptions. */
  readonly emailChannel?: string;
  /** Whether anyone may subscribe a webhook URL. */
  readonly webhooks: boolean;
  /** How long a subscription waits for its confirmation before it is forgotten. */
  readonly confirmWithinMs: number;
}

export interface StatusPageSpec {
  /** Null: the page takes no subscriptions. */
  readonly subscribers: SubscribersSpec | null;
  readonly maintenance: readonly MaintenanceSpec[];
}

export interface TalkPlan {
  readonly incidentTalk: { readonly announce: AnnounceSpec | null; readonly stakeholders: StakeholderSpec | null };
  readonly statusPage: StatusPageSpec;
}

/** The `privacy` section as the plan holds it once validated (src/plan/privacy.ts). Plain data. */
import type { EventSpec } from './metric-types.js';

export type UserIdPolicy = 'reject' | 'hash';

export interface PrivacyPlan {
  /** `privacy.ingest: paused` stops ingestion whatever the stored switch says; `open` leaves it to the switch. */
  readonly ingest: { readonly paused: boolean; readonly reason?: string };
  readonly userId: UserIdPolicy;
  /** The secret salt for `user_id: hash` (from the environment, `${LAUNCHWATCH_SALT}`). Never printed. */
  readonly salt?: string;
  /** How long each data class is kept; null: forever. */
  readonly retention: { readonly eventsMs: number | null; readonly samplesMs: number | null; readonly alertsMs: number | null };
  /** Properties holding opaque ids (hashes, build ids), by event: exempt from the high-entropy secret rule. */
  readonly ids: Readonly<Record<string, readonly string[]>>;
  /** The built-in event types the plan does not declare itself, stored and measurable like declared ones. */
  readonly events: Readonly<Record<string, EventSpec>>;
}

export interface PrivacySection {
  readonly privacy: PrivacyPlan;
}

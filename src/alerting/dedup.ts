/**
 * Alertmanager's notification log decision (notify/dedup_stage.go's
 * needsUpdate): whether a flush owes a channel a notification, given what it
 * last sent there. Pure.
 */
import type { SentRecord } from './types.js';

export type UpdateReason =
  /** Never notified, and something fires. */
  | 'first_notification'
  /** Never notified, and nothing (unsuppressed) fires: the channel need not hear of it. */
  | 'nothing_firing'
  | 'new_alert_firing'
  /** Everything the channel last heard firing has resolved (or gone quiet). */
  | 'all_resolved'
  /** As all_resolved, for a channel that does not want resolved messages: nothing sent, but the log forgets the firing set. */
  | 'all_resolved_unsent'
  | 'newly_resolved'
  | 'repeat_interval'
  /** The repeat interval passed, but every firing alert is acknowledged: acknowledged alerts stop repeating. */
  | 'acknowledged'
  | 'unchanged';

export interface UpdateDecision {
  readonly send: boolean;
  readonly reason: UpdateReason;
}

/** Every item is in `of`; linear, for groups of thousands of alerts. */
function subset(items: readonly string[], of: readonly string[]): boolean {
  if (items.length === 0) return true;
  if (items.length > of.length && new Set(items).size > of.length) return false;
  const set = new Set(of);
  return items.every((item) => set.has(item));
}

/**
 * Whether a flush owes a channel a notification, given what it last sent there
 * (Alertmanager's needsUpdate). `firing` are the group's firing alerts that are
 * neither silenced nor inhibited, `resolved` its resolved alerts.
 */
export function needsUpdate(
  previous: SentRecord | undefined,
  firing: readonly string[],
  resolved: readonly string[],
  acknowledged: readonly string[],
  sendResolved: boolean,
  repeatIntervalMs: number,
  now: number,
): UpdateDecision {
  if (previous === undefined) return firing.length > 0 ? { send: true, reason: 'first_notification' } : { send: false, reason: 'nothing_firing' };
  if (!subset(firing, previous.firing)) return { send: true, reason: 'new_alert_firing' };
  if (firing.length === 0) {
    // As Alertmanager: alerts that fired and resolved between two flushes were never announced, so their resolution is not either.
    if (previous.firing.length === 0) return { send: false, reason: 'nothing_firing' };
    return sendResolved ? { send: true, reason: 'all_resolved' } : { send: false, reason: 'all_resolved_unsent' };
  }
  if (sendResolved && !subset(resolved, previous.resolved)) return { send: true, reason: 'newly_resolved' };
  if (now < previous.at + repeatIntervalMs) return { send: false, reason: 'unchanged' };
  if (subset(firing, acknowledged)) return { send: false, reason: 'acknowledged' };
  return { send: true, reason: 'repeat_interval' };
}

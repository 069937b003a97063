/**
 * Which alerts the engine forgets after a dispatch, pure: inactive ones, and
 * resolved ones an hour after they resolved, unless an aggregation group has
 * not yet announced their resolution: it has not flushed since, or one of its
 * channels heard the alert fire and not yet that it resolved (its flushes fell
 * in a mute time interval).
 */
import type { AggregationGroup, AlertInstance } from './types.js';

/** Resolved instances are kept this long for the API (and until their group no longer needs them). */
export const RESOLVED_RETENTION_MS = 3_600_000;

/**
 * Removes the alerts to forget from `next`, and returns the fingerprints of those among them that
 * `previous` (the committed state) holds, for the store to delete.
 */
export function prune(next: Map<string, AlertInstance>, previous: ReadonlyMap<string, AlertInstance>, groups: readonly AggregationGroup[], now: number): string[] {
  const removedInstances: string[] = [];
  // The earliest last flush of any group: a resolution after it may still be owed by that group.
  let earliestFlush = Infinity;
  for (const g of groups) earliestFlush = Math.min(earliestFlush, g.lastFlushAt ?? -Infinity);
  let heard: Set<string> | undefined;
  for (const [fingerprint, instance] of next) {
    const stale = instance.state === 'inactive' || (instance.state === 'resolved' && now - (instance.resolvedAt ?? now) > RESOLVED_RETENTION_MS);
    if (stale && !awaitedByGroup(instance, earliestFlush) && !(instance.state === 'resolved' && (heard ??= heardFiring(groups)).has(fingerprint))) {
      next.delete(fingerprint);
      if (previous.has(fingerprint)) removedInstances.push(fingerprint);
    }
  }
  return removedInstances;
}

/** A resolved alert stays while some group has not flushed since it resolved (its resolution is still owed). */
function awaitedByGroup(instance: AlertInstance, earliestFlush: number): boolean {
  if (instance.state === 'firing' || instance.resolvedAt === null) return false;
  return earliestFlush < instance.resolvedAt;
}

/** The fingerprints some group's channel was last told fire (log entries are `fingerprint@severity`). */
function heardFiring(groups: readonly AggregationGroup[]): Set<string> {
  const heard = new Set<string>();
  for (const g of groups) for (const record of Object.values(g.sent)) for (const key of record.firing) heard.add(key.split('@')[0] ?? key);
  return heard;
}

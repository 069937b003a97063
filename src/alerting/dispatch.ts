/**
 * Alertmanager's dispatcher and notification log as one pure function: route
 * alerts into aggregation groups, flush each group on its schedule, and decide
 * per channel whether the flush owes a notification (the dedup rule of
 * Alertmanager's notify/dedup_stage.go). Time and ids are parameters.
 * Groups and their members are groups.ts's, one group's flush flush.ts's,
 * the dedup rule dedup.ts's.
 */
import type { AggregationGroup, NotificationRequest } from './types.js';
import { acknowledgeOf, flush, stillOwed, type FlushInput } from './flush.js';
import { adoptGroup, bucketAlerts, channelsOf, isAcknowledged, isMuted, membersOf, mutedAt, routeIds } from './groups.js';

export interface DispatchInput extends FlushInput {
  readonly groups: readonly AggregationGroup[];
}

export interface DispatchResult {
  /** The groups that remain, updated (flushed groups have a new nextFlushAt and sent log). */
  readonly groups: AggregationGroup[];
  /** Keys of the groups removed: nothing fires in them and nothing more is owed. */
  readonly removed: string[];
  /** Owed notifications, to write to the outbox with the groups in one transaction. */
  readonly notifications: NotificationRequest[];
}

/**
 * One step of the dispatcher. A group is created when a firing alert first
 * lands in it and flushes group_wait later, then every group_interval. A flush
 * sends each channel what the dedup rule says it is owed; after a flush a group
 * with nothing firing (silenced and inhibited alerts count as firing) is removed.
 */
export function dispatch(input: DispatchInput): DispatchResult {
  const { routing, now } = input;
  const ids = routeIds(routing);
  const buckets = bucketAlerts(input.alerts, routing, ids);
  const removed: string[] = [];
  const candidates: AggregationGroup[] = input.groups.map((stored) => {
    const { group, previousKey } = adoptGroup(stored, ids);
    if (previousKey !== undefined) removed.push(previousKey);
    return group;
  });
  const known = new Set(candidates.map((g) => g.key));
  for (const [key, bucket] of buckets) {
    if (known.has(key) || !bucket.members.some((d) => d.alert.state === 'firing')) continue;
    candidates.push({ key, route: bucket.route, routeId: bucket.routeId, labels: bucket.labels, createdAt: now, nextFlushAt: now + routing.groupWaitMs, sent: {} });
  }
  const groups: AggregationGroup[] = [];
  const notifications: NotificationRequest[] = [];
  for (const group of candidates) {
    if (now < group.nextFlushAt) {
      groups.push(group);
      continue;
    }
    const bucket = buckets.get(group.key);
    const done = flush(group, bucket, input);
    notifications.push(...done.notifications);
    if (stillOwed({ ...group, sent: done.sent }, bucket, input)) {
      groups.push({ ...group, nextFlushAt: now + routing.groupIntervalMs, lastFlushAt: now, sent: done.sent });
    } else {
      removed.push(group.key);
    }
  }
  return { groups, removed, notifications };
}

export interface AcknowledgeInput extends DispatchInput {
  /** The alert just acknowledged (its instance in `alerts` carries acknowledgedAt). */
  readonly fingerprint: string;
}

/**
 * What PagerDuty-style channels hear when an alert is acknowledged: an
 * `acknowledge` for each group that holds it, with the group's key as the
 * dedup key, on each pagerduty channel that was told the group fires. A group
 * is acknowledged only once all its unsuppressed firing alerts are, so an
 * acknowledgement never hides another alert that still needs someone. A group
 * whose route is muted now hears nothing: its first flush after the interval
 * sends the acknowledge (flush, src/alerting/acknowledge.ts).
 */
export function acknowledgements(input: AcknowledgeInput): NotificationRequest[] {
  const { routing, channels, now, newId } = input;
  const ids = routeIds(routing);
  const buckets = bucketAlerts(input.alerts, routing, ids);
  const out: NotificationRequest[] = [];
  for (const group of input.groups.map((stored) => adoptGroup(stored, ids).group)) {
    const firing = membersOf(group, buckets.get(group.key)).filter((d) => d.alert.state === 'firing' && !isMuted(d));
    if (!firing.some((d) => d.alert.fingerprint === input.fingerprint)) continue;
    if (!firing.every((d) => isAcknowledged(d.alert)) || mutedAt(routing, group)(now)) continue;
    for (const channel of channelsOf(routing, group)) {
      if (channels[channel]?.type !== 'pagerduty' || (group.sent[channel]?.firing.length ?? 0) === 0) continue;
      out.push(acknowledgeOf(group, channel, firing, newId(), now));
    }
  }
  return out;
}

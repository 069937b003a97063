/**
 * Acknowledgements and time intervals, pure. A route in a mute time interval
 * (or outside its active ones) sends nothing at all, as Alertmanager's mute
 * stage stops every notification of the route: so an alert acknowledged then
 * sends no PagerDuty `acknowledge` at that moment. The first flush after the
 * interval owes it instead, once, to each pagerduty channel told the group
 * fires, while every firing alert of the group is still acknowledged.
 */
import type { AlertInstance, SentRecord } from './types.js';

/** When the group became acknowledged: the latest acknowledgement of its firing alerts, or undefined while one is not. */
export function acknowledgedAt(firing: readonly AlertInstance[]): number | undefined {
  if (firing.length === 0) return undefined;
  let latest = -Infinity;
  for (const alert of firing) {
    if (alert.acknowledgedAt === null) return undefined;
    latest = Math.max(latest, alert.acknowledgedAt);
  }
  return latest;
}

/**
 * Whether a flush owes a channel the `acknowledge` that an acknowledgement in a mute interval did not send:
 * the channel was told the group fires, every firing alert is acknowledged, the acknowledgement that
 * completed it fell in a mute (`mutedAt`), and the channel has not been sent it since.
 */
export function owesAcknowledge(record: SentRecord | undefined, firing: readonly AlertInstance[], mutedAt: (t: number) => boolean): boolean {
  if (record === undefined || record.firing.length === 0) return false;
  const at = acknowledgedAt(firing);
  if (at === undefined || !mutedAt(at)) return false;
  return (record.acknowledged ?? -Infinity) < at;
}

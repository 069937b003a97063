/**
 * One flush of one aggregation group: per channel, the dedup decision
 * (dedup.ts) and the notification and log entry it owes; whether the group is
 * still owed anything after it; and an alert as a notification carries it.
 * Pure; time and ids are parameters.
 */
import type { ChannelSpec, Routing } from '../plan/alert-types.js';
import { owesAcknowledge } from './acknowledge.js';
import { needsUpdate } from './dedup.js';
import { channelsOf, isAcknowledged, isMuted, membersOf, mutedAt, resolvedSinceFlush, type Bucket } from './groups.js';
import type { AggregationGroup, AlertInstance, DispatchAlert, NotificationAlert, NotificationRequest, SentRecord } from './types.js';

/** What a flush reads besides its group: the dispatch's alerts, routing, channels, clock and ids. */
export interface FlushInput {
  /** Every known alert; only firing and resolved ones take part. */
  readonly alerts: readonly DispatchAlert[];
  readonly routing: Routing;
  readonly channels: Readonly<Record<string, ChannelSpec>>;
  readonly now: number;
  readonly newId: () => string;
}

const fingerprints = (ds: readonly DispatchAlert[]): string[] => [...new Set(ds.map((d) => d.alert.fingerprint))].sort();
/**
 * What the notification log records of a firing alert: its fingerprint and severity, so that a change of
 * severity (P2 → P1) is news to the channel, as a new alert would be.
 */
const firingKey = (a: AlertInstance): string => `${a.fingerprint}@${a.severity ?? ''}`;
const firingKeys = (ds: readonly DispatchAlert[]): string[] => [...new Set(ds.map((d) => firingKey(d.alert)))].sort();
/** The fingerprint of a log entry (entries written before severities were recorded are bare fingerprints). */
const fingerprintOfKey = (key: string): string => key.split('@')[0] ?? key;

/** An alert as a notification carries it; endsAt is set once it resolved. */
export function notificationAlert(d: DispatchAlert): NotificationAlert {
  const a = d.alert;
  const status = a.state === 'firing' ? 'firing' : 'resolved';
  return {
    fingerprint: a.fingerprint,
    status,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.firedAt ?? a.activeAt ?? a.since,
    endsAt: status === 'resolved' ? a.resolvedAt : null,
    value: a.value,
    acknowledged: isAcknowledged(a),
    ...(a.generatorUrl ? { generatorUrl: a.generatorUrl } : {}),
  };
}

export interface Flush {
  readonly sent: Record<string, SentRecord>;
  readonly notifications: NotificationRequest[];
}

/** The alerts by fingerprint, built once per list of alerts (a dispatch's input). */
const indexes = new WeakMap<readonly DispatchAlert[], Map<string, DispatchAlert>>();
function indexOf(alerts: readonly DispatchAlert[]): Map<string, DispatchAlert> {
  let index = indexes.get(alerts);
  if (!index) {
    index = new Map();
    for (const d of alerts) if (!index.has(d.alert.fingerprint)) index.set(d.alert.fingerprint, d);
    indexes.set(alerts, index);
  }
  return index;
}

/** Alerts a channel of this group heard firing that are no longer members of the group. */
function departedAlerts(group: AggregationGroup, bucket: Bucket | undefined, channel: string, alerts: readonly DispatchAlert[]): DispatchAlert[] {
  const heard = group.sent[channel]?.firing ?? [];
  if (heard.length === 0) return [];
  const members = new Set((bucket?.members ?? []).map((d) => d.alert.fingerprint));
  const index = indexOf(alerts);
  const departed: DispatchAlert[] = [];
  for (const fingerprint of new Set(heard.map(fingerprintOfKey))) {
    if (members.has(fingerprint)) continue;
    const d = index.get(fingerprint);
    if (d && (d.alert.state === 'firing' || d.alert.resolvedAt !== null)) departed.push(d);
  }
  return departed;
}

/**
 * A group stays while an alert one of its channels heard firing still fires, here or in another group, or
 * has resolved without the channel hearing so yet (its flush fell in a mute interval).
 */
export function stillOwed(group: AggregationGroup, bucket: Bucket | undefined, input: FlushInput): boolean {
  if (bucket?.members.some((d) => d.alert.state === 'firing') === true) return true;
  return channelsOf(input.routing, group).some((channel) => {
    const departed = departedAlerts(group, bucket, channel, input.alerts);
    if (departed.some((d) => d.alert.state === 'firing')) return true;
    const heard = new Set((group.sent[channel]?.firing ?? []).map(fingerprintOfKey));
    return heard.size > 0 && (departed.length > 0 || (bucket?.members ?? []).some((d) => heard.has(d.alert.fingerprint)));
  });
}

/** The `acknowledge` a pagerduty channel is sent for a group whose firing alerts are all acknowledged. */
export function acknowledgeOf(group: AggregationGroup, channel: string, firing: readonly DispatchAlert[], id: string, now: number): NotificationRequest {
  return { id, channel, kind: 'acknowledge', groupKey: group.key, groupLabels: group.labels, status: 'firing', alerts: firing.map(notificationAlert), createdAt: now };
}

/**
 * One flush of one group: per channel, the dedup decision, and the notification
 * and log entry it owes. Silenced and inhibited alerts are left out, except that
 * a channel told an alert fires always hears its resolution.
 */
export function flush(group: AggregationGroup, bucket: Bucket | undefined, input: FlushInput): Flush {
  const { routing, channels, now, newId } = input;
  const sent: Record<string, SentRecord> = { ...group.sent };
  const notifications: NotificationRequest[] = [];
  // In a mute time interval of its route, or outside its active ones: as Alertmanager's mute stage, the flush
  // sends nothing and logs nothing, so the first flush after the interval sends what is owed then.
  const muted = mutedAt(routing, group);
  if (muted(now)) return { sent: group.sent, notifications };
  let logged = false;
  const firingAlerts = membersOf(group, bucket).filter((d) => d.alert.state === 'firing' && !isMuted(d));
  const firing = firingKeys(firingAlerts);
  const acknowledged = firingKeys(firingAlerts.filter((d) => isAcknowledged(d.alert)));
  for (const channel of channelsOf(routing, group)) {
    const previous = group.sent[channel];
    const heardFiring = new Set((previous?.firing ?? []).map(fingerprintOfKey));
    const heard = (d: DispatchAlert): boolean => heardFiring.has(d.alert.fingerprint);
    // An alert this channel heard firing that has since left the group (its severity changed and another
    // route took it): while it fires elsewhere the channel waits; once it has resolved, the channel hears so.
    const departed = departedAlerts(group, bucket, channel, input.alerts).filter((d) => d.alert.state !== 'firing');
    const resolvedAlerts = [
      ...(bucket?.members ?? []).filter((d) => d.alert.state === 'resolved' && ((resolvedSinceFlush(group, d.alert) && !isMuted(d)) || heard(d))),
      ...departed,
    ];
    // Nothing to say at all (everything silenced, say): as in Alertmanager, neither a message nor a log entry.
    if (firingAlerts.length === 0 && resolvedAlerts.length === 0) continue;
    const resolved = fingerprints(resolvedAlerts);
    const sendResolved = channels[channel]?.sendResolved ?? false;
    const decision = needsUpdate(previous, firing, resolved, acknowledged, sendResolved, routing.repeatIntervalMs, now);
    const kept = previous?.acknowledged === undefined ? {} : { acknowledged: previous.acknowledged };
    if (decision.reason === 'all_resolved_unsent') {
      sent[channel] = { firing: [], resolved, at: now, ...kept };
      logged = true;
    }
    if (decision.send) {
      notifications.push({
        id: newId(),
        channel,
        kind: 'alert',
        groupKey: group.key,
        groupLabels: group.labels,
        status: firing.length > 0 ? 'firing' : 'resolved',
        alerts: [...firingAlerts, ...(sendResolved ? resolvedAlerts : [])].map(notificationAlert),
        createdAt: now,
      });
      sent[channel] = { firing, resolved, at: now, ...kept };
      logged = true;
    }
    // An acknowledgement made while the route was muted is sent now (src/alerting/acknowledge.ts).
    const record = sent[channel];
    if (record && channels[channel]?.type === 'pagerduty' && owesAcknowledge(record, firingAlerts.map((d) => d.alert), muted)) {
      notifications.push(acknowledgeOf(group, channel, firingAlerts, newId(), now));
      sent[channel] = { ...record, acknowledged: now };
      logged = true;
    }
  }
  // The same log object when nothing was logged: the engine then knows only the group's timers moved.
  return { sent: logged ? sent : group.sent, notifications };
}

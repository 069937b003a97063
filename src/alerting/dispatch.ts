/**
 * Alertmanager's dispatcher and notification log as one pure function: route
 * alerts into aggregation groups, flush each group on its schedule, and decide
 * per channel whether the flush owes a notification (the dedup rule of
 * Alertmanager's notify/dedup_stage.go). Time and ids are parameters.
 */
import type { ChannelSpec, Routing } from '../plan/alert-types.js';
import { owesAcknowledge } from './acknowledge.js';
import { routeAlert } from './match.js';
import { isMuted as inMutedTime } from './time-intervals.js';
import type { AggregationGroup, AlertInstance, DispatchAlert, Labels, NotificationAlert, NotificationRequest, SentRecord } from './types.js';

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

export interface DispatchInput {
  readonly groups: readonly AggregationGroup[];
  /** Every known alert; only firing and resolved ones take part. */
  readonly alerts: readonly DispatchAlert[];
  readonly routing: Routing;
  readonly channels: Readonly<Record<string, ChannelSpec>>;
  readonly now: number;
  readonly newId: () => string;
}

export interface DispatchResult {
  /** The groups that remain, updated (flushed groups have a new nextFlushAt and sent log). */
  readonly groups: AggregationGroup[];
  /** Keys of the groups removed: nothing fires in them and nothing more is owed. */
  readonly removed: string[];
  /** Owed notifications, to write to the outbox with the groups in one transaction. */
  readonly notifications: NotificationRequest[];
}

interface Bucket {
  readonly route: number;
  readonly routeId: string;
  readonly labels: Labels;
  readonly members: DispatchAlert[];
}

/** The values of the group_by labels an alert has, sorted by name; `...` means all labels. */
export function groupLabels(groupBy: readonly string[], labels: Labels): Labels {
  const names = groupBy.includes('...') ? Object.keys(labels) : groupBy.filter((name) => labels[name] !== undefined);
  return Object.fromEntries([...new Set(names)].sort().map((name) => [name, labels[name] ?? '']));
}

/** The identity of the default channels' route. */
export const DEFAULT_ROUTE_ID = 'default';
/** The route of a group whose route left the plan (or changed its match): it tells only the channels it already told. */
export const ORPHAN_ROUTE = -2;

/**
 * Each route's identity in group keys: its match as text, names and values
 * sorted (`{severity="P1|P2"}`, `{}` for a route matching everything), so a
 * group keeps its key when routes are reordered, as Alertmanager's keys do;
 * the n-th route with the same match gets `#n`.
 */
export function routeIds(routing: Routing): string[] {
  const seen = new Map<string, number>();
  return routing.routes.map((route) => {
    const text = `{${Object.keys(route.match)
      .sort()
      .map((name) => `${name}=${JSON.stringify([...(route.match[name] ?? [])].sort().join('|'))}`)
      .join(',')}}`;
    const n = (seen.get(text) ?? 0) + 1;
    seen.set(text, n);
    return n === 1 ? text : `${text}#${n}`;
  });
}

/** Stable text of a route's identity and sorted group labels, e.g. `{severity="P1"}:{"alertname":"rate_drop"}`. */
export function groupKey(routeId: string, labels: Labels): string {
  return `${routeId}:${JSON.stringify(labels)}`;
}

/**
 * A stored group against the routes as they are now: its route's current
 * index, or ORPHAN_ROUTE when no route has its identity any more. A group
 * stored before identities (its key began with the route's index) is given
 * the identity of the route at that index and re-keyed; `previousKey` is then
 * the key to delete.
 */
export function adoptGroup(group: AggregationGroup, ids: readonly string[]): { group: AggregationGroup; previousKey?: string } {
  if (group.routeId === undefined) {
    const routeId = group.route === -1 ? DEFAULT_ROUTE_ID : ids[group.route];
    if (routeId === undefined) return { group: { ...group, route: ORPHAN_ROUTE, routeId: `orphan:${group.key}` } };
    return { group: { ...group, routeId, key: groupKey(routeId, group.labels) }, previousKey: group.key };
  }
  const route = group.routeId === DEFAULT_ROUTE_ID ? -1 : ids.indexOf(group.routeId);
  return { group: route === group.route ? group : { ...group, route: route === -1 && group.routeId !== DEFAULT_ROUTE_ID ? ORPHAN_ROUTE : route } };
}

const takesPart = (a: AlertInstance): boolean => a.state === 'firing' || (a.state === 'resolved' && a.resolvedAt !== null);
const isMuted = (d: DispatchAlert): boolean => d.silencedBy.length > 0 || d.inhibitedBy.length > 0;
const isAcknowledged = (a: AlertInstance): boolean => a.acknowledgedAt !== null;
const fingerprints = (ds: readonly DispatchAlert[]): string[] => [...new Set(ds.map((d) => d.alert.fingerprint))].sort();
/**
 * What the notification log records of a firing alert: its fingerprint and severity, so that a change of
 * severity (P2 → P1) is news to the channel, as a new alert would be.
 */
const firingKey = (a: AlertInstance): string => `${a.fingerprint}@${a.severity ?? ''}`;
const firingKeys = (ds: readonly DispatchAlert[]): string[] => [...new Set(ds.map((d) => firingKey(d.alert)))].sort();
/** The fingerprint of a log entry (entries written before severities were recorded are bare fingerprints). */
const fingerprintOfKey = (key: string): string => key.split('@')[0] ?? key;

/** The alerts of each (route, group labels), by group key. */
function bucketAlerts(alerts: readonly DispatchAlert[], routing: Routing, ids: readonly string[]): Map<string, Bucket> {
  const buckets = new Map<string, Bucket>();
  for (const d of alerts) {
    if (!takesPart(d.alert)) continue;
    for (const { route, routeId, key, labels } of placementsOf(d.alert.labels, routing, ids)) {
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { route, routeId, labels, members: [] };
        buckets.set(key, bucket);
      }
      bucket.members.push(d);
    }
  }
  return buckets;
}

/** Where an alert's labels go: each route it takes, with the group's labels and key. */
interface Placement {
  readonly route: number;
  readonly routeId: string;
  readonly key: string;
  readonly labels: Labels;
}

/**
 * The placements of a label set under a routing, remembered per label set object while the routing is
 * the same object (a plan reload makes a new one): a posted alert re-sent keeps its labels object, so
 * the many groups of a large installation are not routed again at every flush.
 */
const placements = new WeakMap<Labels, { readonly routing: Routing; readonly list: readonly Placement[] }>();
function placementsOf(alertLabels: Labels, routing: Routing, ids: readonly string[]): readonly Placement[] {
  const cached = placements.get(alertLabels);
  if (cached?.routing === routing) return cached.list;
  const labels = groupLabels(routing.groupBy, alertLabels);
  const list = routeAlert(routing, alertLabels).map(({ route }) => {
    const routeId = route === -1 ? DEFAULT_ROUTE_ID : (ids[route] ?? String(route));
    return { route, routeId, key: groupKey(routeId, labels), labels };
  });
  placements.set(alertLabels, { routing, list });
  return list;
}

/** A resolved alert stays in its group until the first flush after it resolved (as in Alertmanager). */
function resolvedSinceFlush(group: AggregationGroup, alert: AlertInstance): boolean {
  return alert.state === 'resolved' && alert.resolvedAt !== null && alert.resolvedAt > (group.lastFlushAt ?? -Infinity) && alert.resolvedAt >= group.createdAt;
}

/** A group's alerts now: the firing ones, and those resolved since its last flush. */
function membersOf(group: AggregationGroup, bucket: Bucket | undefined): DispatchAlert[] {
  return (bucket?.members ?? []).filter(({ alert }) => alert.state === 'firing' || resolvedSinceFlush(group, alert));
}

/** The channels a group tells: its route's now, or for an orphan group those it already told (so they hear the resolution). */
function channelsOf(routing: Routing, group: AggregationGroup): readonly string[] {
  if (group.route === ORPHAN_ROUTE) return Object.keys(group.sent);
  return [...new Set(group.route === -1 ? routing.fallback : (routing.routes[group.route]?.channels ?? []))];
}

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

interface Flush {
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
function stillOwed(group: AggregationGroup, bucket: Bucket | undefined, input: DispatchInput): boolean {
  if (bucket?.members.some((d) => d.alert.state === 'firing') === true) return true;
  return channelsOf(input.routing, group).some((channel) => {
    const departed = departedAlerts(group, bucket, channel, input.alerts);
    if (departed.some((d) => d.alert.state === 'firing')) return true;
    const heard = new Set((group.sent[channel]?.firing ?? []).map(fingerprintOfKey));
    return heard.size > 0 && (departed.length > 0 || (bucket?.members ?? []).some((d) => heard.has(d.alert.fingerprint)));
  });
}

/** The route's mute test at a moment: in a mute interval, or outside its active ones. */
function mutedAt(routing: Routing, group: AggregationGroup): (t: number) => boolean {
  const route = routing.routes[group.route];
  return (t) => route !== undefined && inMutedTime(route, routing.timeIntervals ?? {}, t);
}

/** The `acknowledge` a pagerduty channel is sent for a group whose firing alerts are all acknowledged. */
function acknowledgeOf(group: AggregationGroup, channel: string, firing: readonly DispatchAlert[], id: string, now: number): NotificationRequest {
  return { id, channel, kind: 'acknowledge', groupKey: group.key, groupLabels: group.labels, status: 'firing', alerts: firing.map(notificationAlert), createdAt: now };
}

/**
 * One flush of one group: per channel, the dedup decision, and the notification
 * and log entry it owes. Silenced and inhibited alerts are left out, except that
 * a channel told an alert fires always hears its resolution.
 */
function flush(group: AggregationGroup, bucket: Bucket | undefined, input: DispatchInput): Flush {
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

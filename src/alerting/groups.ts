/**
 * Aggregation groups: a group's labels and key, each route's identity, a
 * stored group adopted against the routes as they are now, and which alerts
 * belong to which group (routing each label set once per routing). Pure.
 */
import type { Routing } from '../plan/alert-types.js';
import { routeAlert } from './match.js';
import { isMuted as inMutedTime } from './time-intervals.js';
import type { AggregationGroup, AlertInstance, DispatchAlert, Labels } from './types.js';

/** The alerts of one (route, group labels): what a group holds at a dispatch. */
export interface Bucket {
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
export const isMuted = (d: DispatchAlert): boolean => d.silencedBy.length > 0 || d.inhibitedBy.length > 0;
export const isAcknowledged = (a: AlertInstance): boolean => a.acknowledgedAt !== null;

/** The alerts of each (route, group labels), by group key. */
export function bucketAlerts(alerts: readonly DispatchAlert[], routing: Routing, ids: readonly string[]): Map<string, Bucket> {
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
export function resolvedSinceFlush(group: AggregationGroup, alert: AlertInstance): boolean {
  return alert.state === 'resolved' && alert.resolvedAt !== null && alert.resolvedAt > (group.lastFlushAt ?? -Infinity) && alert.resolvedAt >= group.createdAt;
}

/** A group's alerts now: the firing ones, and those resolved since its last flush. */
export function membersOf(group: AggregationGroup, bucket: Bucket | undefined): DispatchAlert[] {
  return (bucket?.members ?? []).filter(({ alert }) => alert.state === 'firing' || resolvedSinceFlush(group, alert));
}

/** The channels a group tells: its route's now, or for an orphan group those it already told (so they hear the resolution). */
export function channelsOf(routing: Routing, group: AggregationGroup): readonly string[] {
  if (group.route === ORPHAN_ROUTE) return Object.keys(group.sent);
  return [...new Set(group.route === -1 ? routing.fallback : (routing.routes[group.route]?.channels ?? []))];
}

/** The route's mute test at a moment: in a mute interval, or outside its active ones. */
export function mutedAt(routing: Routing, group: AggregationGroup): (t: number) => boolean {
  const route = routing.routes[group.route];
  return (t) => route !== undefined && inMutedTime(route, routing.timeIntervals ?? {}, t);
}

/**
 * GET /api/v2/alerts/groups and GET /api/v2/receivers of the Alertmanager
 * API v2 (0.25), which karma and Alertmanager's own UI read. A group is what
 * Alertmanager's dispatcher holds (dispatch.go Groups): one per route
 * receiver and group labels. The plan's routes are read as the configuration
 * GET /api/v2/status shows (alertmanager-wire.ts configText): a route with
 * several channels is one route per channel, and an alert no route matches
 * goes to the root route, the fallback channels or the receiver that sends
 * nothing. The filters are those of GET /api/v2/alerts; `receiver` selects
 * groups by their receiver, as Alertmanager's route filter does.
 */
import type { FastifyInstance } from 'fastify';
import type { AlertEngine } from '../../alerting/engine.js';
import { groupLabels } from '../../alerting/groups.js';
import type { AnchoredRegex } from '../../alerting/regex.js';
import { routeAlert } from '../../alerting/match.js';
import type { Labels } from '../../alerting/types.js';
import type { Plan } from '../../plan/types.js';
import { alertSelected, expectedEnd, filterMatchers, parse, receiverPattern } from './alertmanager-query.js';
import { alertsQuery, gettableAlert, noChannel } from './alertmanager-wire.js';

export interface AlertmanagerGroupRouteOptions {
  readonly alerts: AlertEngine;
  readonly plan: () => Plan;
  readonly now: () => number;
  /** The generator URL posted with an external alert, if any. */
  readonly generatorUrl: (fingerprint: string) => string | undefined;
}

/** One route receiver an alert is grouped under; `route` is its index in the plan's routes, -1 for the root route. */
interface Placement {
  readonly route: number;
  readonly receiver: string;
}

/** The receiver names GET /api/v2/status lists: every channel, then the root route's receiver. */
export function receiverNames(plan: Plan): string[] {
  return [...new Set([...Object.keys(plan.channels), plan.routing.fallback[0] ?? noChannel(plan)])];
}

/** Where an alert is grouped: each matched route's channels, or the root route when no route matches. */
export function placements(plan: Plan, labels: Labels): Placement[] {
  const matched = routeAlert(plan.routing, labels);
  if (matched.length === 0) return [{ route: -1, receiver: noChannel(plan) }];
  return matched.flatMap((m) => m.channels.map((receiver) => ({ route: m.route, receiver })));
}

/** Go's model.LabelSet.Before: fewer labels first, then by the first name (sorted) where they differ, a missing name first. */
export function labelsBefore(a: Labels, b: Labels): boolean {
  const an = Object.keys(a).length;
  const bn = Object.keys(b).length;
  if (an !== bn) return an < bn;
  for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const av = a[name];
    const bv = b[name];
    if (av === undefined) return true;
    if (bv === undefined) return false;
    if (av !== bv) return av < bv;
  }
  return false;
}

const sameLabels = (a: Labels, b: Labels): boolean => !labelsBefore(a, b) && !labelsBefore(b, a);

/** Alertmanager's order of groups: by labels, then by receiver name. */
function compareGroups(a: { labels: Labels; receiver: string }, b: { labels: Labels; receiver: string }): number {
  if (sameLabels(a.labels, b.labels)) return a.receiver < b.receiver ? -1 : a.receiver > b.receiver ? 1 : 0;
  return labelsBefore(a.labels, b.labels) ? -1 : 1;
}

/** Alertmanager's order of alerts in a group (types.AlertSlice): by `job`, then `instance` (an alert without one last), then labels. */
export function compareAlerts(a: Labels, b: Labels): number {
  for (const name of ['job', 'instance']) {
    const av = a[name];
    const bv = b[name];
    if (av === undefined && bv === undefined) continue;
    if (av === undefined) return 1;
    if (bv === undefined) return -1;
    if (av !== bv) return av < bv ? -1 : 1;
  }
  return labelsBefore(a, b) ? -1 : labelsBefore(b, a) ? 1 : 0;
}

/** A listed alert with where it is grouped. */
export interface GroupedAlert<A> {
  readonly labels: Labels;
  readonly placements: readonly Placement[];
  /** The alert in the wire shape, given the receivers of the groups it is listed in. */
  readonly wire: (receivers: readonly string[]) => A;
}

export interface AlertGroup<A> {
  readonly labels: Labels;
  readonly receiver: { readonly name: string };
  readonly alerts: A[];
}

/**
 * The alert groups of Alertmanager's dispatcher over the listed alerts: one
 * per route, receiver and group labels, only those whose receiver the filter
 * accepts and that hold a listed alert. Each alert's `receivers` are those of
 * the groups it is in, sorted.
 */
export function alertGroups<A>(alerts: readonly GroupedAlert<A>[], groupBy: readonly string[], receiver: AnchoredRegex | null): AlertGroup<A>[] {
  const groups = new Map<string, { labels: Labels; receiver: string; members: GroupedAlert<A>[] }>();
  for (const alert of alerts) {
    const labels = groupLabels(groupBy, alert.labels);
    for (const place of alert.placements) {
      if (receiver && !receiver.matches(place.receiver)) continue;
      const key = JSON.stringify([place.route, place.receiver, labels]);
      const group = groups.get(key) ?? { labels, receiver: place.receiver, members: [] };
      groups.set(key, group);
      if (!group.members.includes(alert)) group.members.push(alert);
    }
  }
  const receiversIn = (alert: GroupedAlert<A>): string[] =>
    [...new Set(alert.placements.map((p) => p.receiver).filter((name) => !receiver || receiver.matches(name)))].sort();
  return [...groups.values()].sort(compareGroups).map((group) => ({
    labels: group.labels,
    receiver: { name: group.receiver },
    alerts: [...group.members].sort((a, b) => compareAlerts(a.labels, b.labels)).map((alert) => alert.wire(receiversIn(alert))),
  }));
}

export function alertmanagerGroupRoutes(scope: FastifyInstance, options: AlertmanagerGroupRouteOptions): void {
  scope.get('/api/v2/alerts/groups', async (request) => {
    const query = parse(alertsQuery, request.query, 'query');
    const filters = filterMatchers(query.filter);
    const receiver = receiverPattern(query.receiver);
    const now = options.now();
    const plan = options.plan();
    const listed: GroupedAlert<ReturnType<typeof gettableAlert>>[] = [];
    for (const view of options.alerts.list()) {
      const endsAt = expectedEnd(view.alert, plan);
      if (!alertSelected(view, endsAt, now, filters, query)) continue;
      listed.push({
        labels: view.alert.labels,
        placements: placements(plan, view.alert.labels),
        wire: (receivers) => gettableAlert(view, receivers, endsAt, options.generatorUrl(view.alert.fingerprint)),
      });
    }
    return alertGroups(listed, plan.routing.groupBy, receiver);
  });

  scope.get('/api/v2/receivers', async () => receiverNames(options.plan()).map((name) => ({ name })));
}

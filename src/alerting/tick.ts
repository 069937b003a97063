/**
 * The pure middle of a tick, between gathering what the rules observe and
 * committing what changed: step the rules (or, in a dispatch-only tick, only
 * settle the alerts whose sender's end time or rule has gone), see what
 * suppresses each alert, dispatch the groups that are due, and forget what is
 * done. Time and ids are parameters; nothing here reads a store.
 */
import type { Plan } from '../plan/types.js';
import { dispatch } from './dispatch.js';
import type { ObservationInput } from './observe.js';
import { prune } from './retention.js';
import { settleOrphans, stepRules } from './rules.js';
import type { AggregationGroup, AlertInstance, NotificationRequest, Silence, Transition } from './types.js';
import { alertViews } from './views.js';

export interface TickInput {
  readonly plan: Plan;
  readonly instances: ReadonlyMap<string, AlertInstance>;
  readonly groups: readonly AggregationGroup[];
  readonly silences: readonly Silence[];
  /** What the rules observe; absent for a dispatch-only tick (posted alerts, group timers), which evaluates no rule. */
  readonly observed?: ObservationInput;
  readonly now: number;
  readonly newId: () => string;
}

export interface TickOutcome {
  /** Every alert after the tick, less those forgotten. */
  readonly next: Map<string, AlertInstance>;
  /** Fingerprints of the alerts forgotten that `instances` held. */
  readonly removedInstances: readonly string[];
  readonly transitions: readonly Transition[];
  readonly groups: readonly AggregationGroup[];
  readonly removedGroups: readonly string[];
  readonly notifications: readonly NotificationRequest[];
}

/** A resolution not yet announced is still owed when the alert has since moved on to nodata, error or inactive. */
const owing = (i: AlertInstance): AlertInstance => (i.state !== 'firing' && i.state !== 'resolved' && i.resolvedAt !== null ? { ...i, state: 'resolved' } : i);

export function decideTick(input: TickInput): TickOutcome {
  const { plan, now } = input;
  let next: Map<string, AlertInstance>;
  let transitions: Transition[];
  if (input.observed) {
    ({ next, transitions } = stepRules(plan, input.instances, input.observed, now));
  } else {
    next = new Map(input.instances);
    transitions = [];
    settleOrphans(next, transitions, new Map(plan.alerts.map((r) => [r.name, r])), now);
  }
  const views = alertViews([...next.values()].map(owing), input.silences, plan.inhibit, now);
  const dispatched = dispatch({ groups: input.groups, alerts: views, routing: plan.routing, channels: plan.channels, now, newId: input.newId });
  const removedInstances = prune(next, input.instances, dispatched.groups, now);
  return { next, removedInstances, transitions, groups: dispatched.groups, removedGroups: dispatched.removed, notifications: dispatched.notifications };
}

/** When a tick is next owed without new input: a group's next flush, or a posted alert's end. */
export function nextTimerAt(groups: Iterable<AggregationGroup>, instances: Iterable<AlertInstance>): number {
  let at = Infinity;
  for (const g of groups) if (g.nextFlushAt < at) at = g.nextFlushAt;
  for (const i of instances) if (i.source === 'external' && i.state === 'firing' && i.endsAt !== null && i.endsAt < at) at = i.endsAt;
  return at;
}

/**
 * Independent computations of the event metric kinds in plain TypeScript, for
 * the contract cases to check every backend against: filters (with any:),
 * funnels, shares of distinct users, NPS, extremes and distinct with having.
 */
import { holds, type Threshold } from '../../src/plan/threshold.js';
import type { Filter, FunnelMeasure, Scalar } from '../../src/plan/types.js';
import type { AdmittedEvent, TimeRange } from '../../src/store/types.js';

function fieldValue(event: AdmittedEvent, field: string): Scalar | null {
  if (field === 'user_id') return event.userId;
  if (field === 'session_id') return event.sessionId;
  return event.properties[field] ?? null;
}

/** Whether an event passes every filter of the list (an `any` passes when one of its lists does). */
export function passes(event: AdmittedEvent, filters: readonly Filter[]): boolean {
  return filters.every((f) => {
    if ('any' in f) return f.any.some((alternative) => passes(event, alternative));
    const v = fieldValue(event, f.field);
    const c = f.condition;
    switch (c.op) {
      case 'eq':
        return v === c.value;
      case 'in':
        return v !== null && c.values.includes(v);
      case 'ne':
        return v !== c.value;
      case 'gt':
        return v !== null && v > c.value;
      case 'gte':
        return v !== null && v >= c.value;
      case 'lt':
        return v !== null && v < c.value;
      case 'lte':
        return v !== null && v <= c.value;
    }
  });
}

const inRange = (e: AdmittedEvent, range: TimeRange): boolean => e.ts >= range.from && e.ts <= range.to;

/**
 * The users reaching each step: users with a first-step event in the range,
 * starting at their earliest; each later step the earliest such event strictly
 * after the previous step's, within `within` of the first and in the range.
 */
export function referenceFunnel(measure: FunnelMeasure, events: readonly AdmittedEvent[], range: TimeRange): number[] {
  const users = new Array<number>(measure.steps.length).fill(0);
  const stepEvents = measure.steps.map((step) => events.filter((e) => e.type === step.event && e.userId !== null && inRange(e, range) && passes(e, step.where)));
  const starters = new Set((stepEvents[0] ?? []).map((e) => e.userId));
  for (const user of starters) {
    const first = Math.min(...(stepEvents[0] ?? []).filter((e) => e.userId === user).map((e) => e.ts));
    const until = Math.min(first + measure.withinMs, range.to);
    let previous = first;
    users[0] = (users[0] ?? 0) + 1;
    for (let k = 1; k < measure.steps.length; k++) {
      const next = (stepEvents[k] ?? []).filter((e) => e.userId === user && e.ts > previous && e.ts <= until).map((e) => e.ts);
      if (next.length === 0) break;
      previous = Math.min(...next);
      users[k] = (users[k] ?? 0) + 1;
    }
  }
  return users;
}

/** Per value of `of`: its distinct users over all distinct users of the events (events without a value count in the whole only; null without users). */
export function referenceUserShares(events: readonly AdmittedEvent[], of: string): Map<Scalar, number | null> {
  const all = new Set(events.filter((e) => e.userId !== null).map((e) => e.userId));
  const byValue = new Map<Scalar, Set<string>>();
  for (const e of events) {
    const v = fieldValue(e, of);
    if (v === null) continue;
    const users = byValue.get(v) ?? new Set<string>();
    if (e.userId !== null) users.add(e.userId);
    byValue.set(v, users);
  }
  return new Map([...byValue].map(([v, users]) => [v, all.size > 0 ? users.size / all.size : null]));
}

/** % of scores 9-10 minus % of 0-6 among the events with a score; null without any. */
export function referenceNps(scores: readonly (number | null)[]): number | null {
  const given = scores.filter((s): s is number => s !== null);
  if (given.length === 0) return null;
  return (100 * (given.filter((s) => s >= 9).length - given.filter((s) => s <= 6).length)) / given.length;
}

/** How many users' events pass the test: their count, or the sum of `of` over them. */
export function referenceHaving(events: readonly AdmittedEvent[], threshold: Threshold, of?: string): number {
  const byUser = new Map<string, AdmittedEvent[]>();
  for (const e of events) if (e.userId !== null) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e]);
  const measured = (list: AdmittedEvent[]) => (of === undefined ? list.length : list.reduce((a, e) => a + Number(e.properties[of] ?? 0), 0));
  return [...byUser.values()].filter((list) => holds(threshold, measured(list))).length;
}

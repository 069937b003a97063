/**
 * The `funnel` metric kind: of the users whose first step falls in the
 * window, those who then did each later step, in order (each strictly after
 * the previous one) and within `within` of their first step. Its value is
 * the users completing the last step over those doing the first; its groups
 * are the steps, `{ step: "1 signup" }`, with the users reaching each.
 * Measured by src/store/duckdb/funnel.ts and src/store/clickhouse/funnel.ts.
 *
 *   signup_to_paid:
 *     funnel: { steps: [{ event: signup }, { event: payment, where: { success: true } }], within: 7d }
 *     window: 30d
 */
import { z } from 'zod';
import { parseDuration } from './duration.js';
import { BUILTIN_EVENTS } from './privacy.js';
import type { PathSegment, PlanIssue } from './issue.js';
import type { EventSpec, Filter, FunnelStep, GroupTarget, MetricSpec, Target } from './metric-types.js';
import type { RawFigureMetric } from './section.js';
import { rawWhere, type RawWhere } from './where.js';

export const rawFunnel = z.strictObject({
  steps: z.array(z.strictObject({ event: z.string(), where: rawWhere.optional() })).min(2, 'a funnel needs at least two steps'),
  within: z.string(),
});

export type RawFunnel = z.infer<typeof rawFunnel>;

/** A funnel metric as written: the keys it reads, and `given`, every key it has (to refuse the others). */
export type RawFunnelMetric = RawFigureMetric & { readonly funnel?: RawFunnel | undefined };

/** The group field of a funnel's steps. */
export const FUNNEL_GROUP_FIELD = 'step';

/** A step's group value: its position from 1 and its event, "1 signup". */
export function stepLabel(index: number, event: string): string {
  return `${index + 1} ${event}`;
}

/** The keys of an event metric a funnel takes inside its steps instead, or not at all. */
const NOT_WITH_FUNNEL = ['from', 'where', 'by', 'per', 'count', 'distinct', 'ratio', 'quantile', 'mean', 'sum', 'share', 'nps', 'max', 'min', 'having', 'retention'] as const;

/** What resolve.ts lends the funnel: the declared events and its checks of filters and targets. */
export interface FunnelContext {
  readonly events: Readonly<Record<string, EventSpec>>;
  readonly invalidEvents: ReadonlySet<string>;
  readonly windowMs: number | undefined;
  filters(event: EventSpec, where: RawWhere, base: readonly PathSegment[], issues: PlanIssue[]): Filter[];
  target(raw: { green: string | number; yellow?: string | number | undefined }, path: readonly PathSegment[], issues: PlanIssue[]): Target | undefined;
}

function resolveSteps(raw: RawFunnel, base: readonly PathSegment[], context: FunnelContext, issues: PlanIssue[]): FunnelStep[] | undefined {
  const steps: FunnelStep[] = [];
  let complete = true;
  raw.steps.forEach((step, i) => {
    const path = [...base, 'steps', i];
    const event = context.events[step.event];
    if (!event) {
      complete = false;
      if (context.invalidEvents.has(step.event)) return;
      const declared = Object.keys(context.events).filter((name) => !Object.hasOwn(BUILTIN_EVENTS, name)).join(', ');
      issues.push({ path: [...path, 'event'], message: `no event "${step.event}" is declared under events (declared: ${declared || 'none'})` });
      return;
    }
    steps.push(Object.freeze({ event: event.name, where: Object.freeze(context.filters(event, step.where ?? {}, [...path, 'where'], issues)) }));
  });
  return complete ? steps : undefined;
}

function within(text: string, path: readonly PathSegment[], issues: PlanIssue[]): number | undefined {
  const parsed = parseDuration(text);
  if (parsed.kind === 'invalid') issues.push({ path, message: parsed.reason });
  else if (parsed.ms <= 0) issues.push({ path, message: 'within must be longer than zero' });
  return parsed.kind === 'ok' && parsed.ms > 0 ? parsed.ms : undefined;
}

function stepTargets(raw: RawFunnelMetric, labels: readonly string[], base: readonly PathSegment[], context: FunnelContext, issues: PlanIssue[]): GroupTarget[] {
  const targets: GroupTarget[] = [];
  (raw.targets ?? []).forEach((entry, i) => {
    const path = [...base, 'targets', i];
    for (const [field, value] of Object.entries(entry.group)) {
      if (field !== FUNNEL_GROUP_FIELD) issues.push({ path: [...path, 'group', field], message: `a funnel's groups are its steps: group: { ${FUNNEL_GROUP_FIELD}: "1 ${'<event>'}" }`, atKey: true });
      else if (!labels.includes(String(value))) issues.push({ path: [...path, 'group', field], message: `${JSON.stringify(value)} is not a step of this funnel (${labels.join(', ')})` });
    }
    const resolved = context.target(entry, path, issues);
    if (resolved) targets.push(Object.freeze({ ...resolved, group: Object.freeze({ ...entry.group }) }));
  });
  return targets;
}

/** A metric with `funnel:`: its steps, `within`, window and targets; every other measure key is refused. */
export function resolveFunnelMetric(id: string, raw: RawFunnelMetric, given: readonly string[], context: FunnelContext, issues: PlanIssue[]): MetricSpec | undefined {
  const base = ['metrics', id] as const;
  const before = issues.length;
  for (const key of NOT_WITH_FUNNEL) {
    if (given.includes(key)) issues.push({ path: [...base, key], message: `a funnel reads the events of its steps; it takes no ${key} (a step takes event and where)`, atKey: true });
  }
  const funnel = raw.funnel;
  if (funnel === undefined) return undefined;
  const steps = resolveSteps(funnel, [...base, 'funnel'], context, issues);
  const withinMs = within(funnel.within, [...base, 'funnel', 'within'], issues);
  const target = raw.target ? context.target(raw.target, [...base, 'target'], issues) : undefined;
  const labels = funnel.steps.map((step, i) => stepLabel(i, step.event));
  const targets = stepTargets(raw, labels, base, context, issues);
  const first = steps?.[0];
  if (issues.length > before || !steps || !first || withinMs === undefined || context.windowMs === undefined) return undefined;
  return Object.freeze({
    id,
    title: raw.title ?? id,
    ...(raw.description ? { description: raw.description } : {}),
    from: first.event,
    where: Object.freeze([]),
    measure: Object.freeze({ kind: 'funnel', steps: Object.freeze(steps), withinMs }),
    by: Object.freeze([]),
    windowMs: context.windowMs,
    ...(target ? { target } : {}),
    targets: Object.freeze(targets),
    unit: raw.unit ?? 'percent',
  });
}

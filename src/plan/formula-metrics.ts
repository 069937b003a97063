/**
 * Formula metrics: `formula: "feature_users / active_users"`, arithmetic
 * (src/plan/expression.ts) over other metrics' values. A formula takes no
 * event and no window: its value at a moment is computed from its metrics'
 * values at that moment, each over its own window (its `windowMs` is the
 * longest of theirs). Its groups are its grouped metrics' groups, which must
 * all have the same `by`; a metric without groups stands for every group. A
 * formula may read other formulas, but never itself through them. The shape
 * and its meaning; measuring is src/metrics/formulas.ts's.
 */
import { z } from 'zod';
import { expressionNames, parseExpression, type Expression } from './expression.js';
import type { PlanIssue } from './issue.js';
import { resolveTarget } from './plan-targets.js';
import type { GroupTarget, MetricSpec } from './types.js';

const thresholdText = z.union([z.string(), z.number()]);
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const rawFormulaMetric = z.strictObject({
  title: z.string().min(1).optional(),
  description: z.string().optional(),
  unit: z.string().min(1).optional(),
  formula: z.string(),
  target: z.strictObject({ green: thresholdText, yellow: thresholdText.optional() }).optional(),
  targets: z.array(z.strictObject({ group: z.record(z.string(), scalar), green: thresholdText, yellow: thresholdText.optional() })).optional(),
});

type RawFormulaMetric = z.infer<typeof rawFormulaMetric>;

/** A formula as written, parsed, before its names are linked to the plan's metrics. */
export interface ParsedFormula {
  readonly id: string;
  readonly raw: RawFormulaMetric;
  readonly expression: Expression;
}

/** Whether a metric as written is a formula (it has the key `formula`). */
export const isFormulaMetric = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value) && 'formula' in value;



/** The formula's shape and its expression; undefined after recording what is wrong. */
export function parseFormulaMetric(id: string, value: unknown, issues: PlanIssue[]): ParsedFormula | undefined {
  const base = ['metrics', id];
  const others = typeof value === 'object' && value !== null ? Object.keys(value).filter((key) => !Object.hasOwn(rawFormulaMetric.shape, key)) : [];
  for (const key of others) {
    const message = key === 'window' ? 'a formula is computed from its metrics, each over its own window; it takes no window' : `a formula is computed from other metrics' values; it takes no ${key}`;
    issues.push({ path: [...base, key], message, atKey: true });
  }
  const known = Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([key]) => !others.includes(key)));
  const parsed = rawFormulaMetric.safeParse(known);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push({ path: [...base, ...issue.path.map(String)], message: issue.message });
    return undefined;
  }
  const expression = parseExpression(parsed.data.formula);
  if (expression.kind === 'invalid') {
    issues.push({ path: [...base, 'formula'], message: expression.reason, offset: expression.offset });
    return undefined;
  }
  return others.length > 0 ? undefined : { id, raw: parsed.data, expression: expression.expression };
}

interface Linked {
  readonly by: readonly string[];
  readonly windowMs: number;
}

/**
 * The formulas as metrics, linked to the metrics they read: unknown names and
 * cycles are errors at the name in the formula's text; groups and window come
 * from the metrics read. `metrics` are the plan's other metrics, resolved.
 */
export function linkFormulas(formulas: readonly ParsedFormula[], metrics: readonly MetricSpec[], issues: PlanIssue[]): MetricSpec[] {
  const byId = new Map(formulas.map((f) => [f.id, f]));
  const others = new Map(metrics.map((m) => [m.id, m]));
  const known = [...others.keys(), ...byId.keys()];
  const broken = new Set<string>();
  for (const f of formulas) {
    for (const { name, offset } of expressionNames(f.expression)) {
      if (others.has(name) || byId.has(name)) continue;
      issues.push({ path: ['metrics', f.id, 'formula'], message: `no metric "${name}" in the plan (metrics: ${known.join(', ') || 'none'})`, offset });
      broken.add(f.id);
    }
  }
  reportCycles(formulas, byId, issues).forEach((id) => broken.add(id));
  const linked = new Map<string, Linked | undefined>();
  const link = (id: string): Linked | undefined => {
    const metric = others.get(id);
    if (metric) return { by: metric.by, windowMs: metric.windowMs };
    if (linked.has(id)) return linked.get(id);
    const f = byId.get(id);
    linked.set(id, undefined);
    const result = f && !broken.has(id) ? linkOne(f, link, issues) : undefined;
    linked.set(id, result);
    return result;
  };
  return formulas.flatMap((f) => {
    const l = link(f.id);
    return l ? [formulaSpec(f, l, issues)].filter((m): m is MetricSpec => m !== undefined) : [];
  });
}

/** Every cycle of formulas reading formulas, reported once at the first formula of the cycle in plan order; the ids in cycles. */
function reportCycles(formulas: readonly ParsedFormula[], byId: ReadonlyMap<string, ParsedFormula>, issues: PlanIssue[]): Set<string> {
  const inCycle = new Set<string>();
  const done = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    const at = path.indexOf(id);
    if (at >= 0) {
      const cycle = path.slice(at);
      if (cycle.some((c) => inCycle.has(c))) return;
      cycle.forEach((c) => inCycle.add(c));
      const first = formulas.find((f) => cycle.includes(f.id));
      if (!first) return;
      const start = cycle.indexOf(first.id);
      const order = [...cycle.slice(start), ...cycle.slice(0, start), first.id];
      const next = order[1] ?? first.id;
      const offset = expressionNames(first.expression).find((n) => n.name === next)?.offset ?? 0;
      issues.push({ path: ['metrics', first.id, 'formula'], message: `a formula may not refer to itself: ${order.join(' → ')}`, offset });
      return;
    }
    if (done.has(id)) return;
    const f = byId.get(id);
    if (!f) return;
    for (const { name } of expressionNames(f.expression)) if (byId.has(name)) visit(name, [...path, id]);
    done.add(id);
  };
  for (const f of formulas) visit(f.id, []);
  return inCycle;
}

function linkOne(f: ParsedFormula, link: (id: string) => Linked | undefined, issues: PlanIssue[]): Linked | undefined {
  const names = expressionNames(f.expression);
  const operands = names.map((n) => ({ ...n, linked: link(n.name) }));
  if (operands.some((o) => o.linked === undefined)) return undefined;
  const grouped = operands.filter((o) => (o.linked?.by.length ?? 0) > 0);
  const by = grouped[0]?.linked?.by ?? [];
  const same = (a: readonly string[]): boolean => a.length === by.length && [...a].sort().every((field, i) => field === [...by].sort()[i]);
  const odd = grouped.find((o) => !same(o.linked?.by ?? []));
  if (odd) {
    const first = grouped[0]?.name ?? '';
    issues.push({
      path: ['metrics', f.id, 'formula'],
      message: `a formula's groups are computed group by group when its metrics have the same by: "${first}" is by ${by.join(', ')} but "${odd.name}" is by ${odd.linked?.by.join(', ') ?? ''}`,
      offset: odd.offset,
    });
    return undefined;
  }
  return { by, windowMs: Math.max(...operands.map((o) => o.linked?.windowMs ?? 0)) };
}

function formulaSpec(f: ParsedFormula, linked: Linked, issues: PlanIssue[]): MetricSpec | undefined {
  const base = ['metrics', f.id];
  const before = issues.length;
  const overall = f.raw.target ? resolveTarget(f.raw.target, [...base, 'target'], issues) : undefined;
  const targets: GroupTarget[] = [];
  (f.raw.targets ?? []).forEach((entry, i) => {
    for (const field of Object.keys(entry.group)) {
      if (linked.by.includes(field)) continue;
      const message = linked.by.length ? `"${field}" is not a group field of this formula (its groups are by: ${linked.by.join(', ')})` : 'this formula has no groups; per-group targets need metrics with by';
      issues.push({ path: [...base, 'targets', i, 'group', field], message, atKey: true });
    }
    const resolved = resolveTarget(entry, [...base, 'targets', i], issues);
    if (resolved) targets.push(Object.freeze({ ...resolved, group: Object.freeze({ ...entry.group }) }));
  });
  if (issues.length > before) return undefined;
  const percentTarget = [f.raw.target?.green, ...(f.raw.targets ?? []).map((t) => t.green)].some((g) => typeof g === 'string' && g.includes('%'));
  return Object.freeze({
    id: f.id,
    title: f.raw.title ?? f.id,
    ...(f.raw.description ? { description: f.raw.description } : {}),
    from: '',
    where: Object.freeze([]),
    measure: Object.freeze({ kind: 'formula', text: f.raw.formula, expression: f.expression, operands: Object.freeze(expressionNames(f.expression).map((n) => n.name)) }),
    by: Object.freeze([...linked.by]),
    windowMs: linked.windowMs,
    ...(overall ? { target: overall } : {}),
    targets: Object.freeze(targets),
    // A target written in percent says the value is a fraction to show as one.
    unit: f.raw.unit ?? (percentTarget ? 'percent' : ''),
  });
}

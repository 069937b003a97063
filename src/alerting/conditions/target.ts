/**
 * `generation_latency_p95 > target * 1.2`: a plan metric, per group, compared with a bound computed
 * from that group's own target, `target` being its green threshold's value (the group's target, else
 * the metric's). Its value is the metric's; a group whose target has no single value has no data.
 */
import type { MetricResult, TargetView } from '../../metrics/result.js';
import type { AlertCondition } from '../../plan/alert-types.js';
import { evaluateExpression } from '../../plan/expression.js';
import { holds, parseThreshold } from '../../plan/threshold.js';
import { groupText, metricEvents } from './groups.js';
import type { ConditionKind, GroupValues } from './types.js';

export type TargetCondition = Extract<AlertCondition, { kind: 'target' }>;

/** The value `target` stands for: the green threshold's, when it is one comparison. */
export function targetValue(target: TargetView | null): number | null {
  if (!target) return null;
  const parsed = parseThreshold(target.green);
  return parsed.kind === 'ok' && parsed.threshold.kind === 'compare' ? parsed.threshold.value : null;
}

function compare(op: TargetCondition['op'], value: number, bound: number): boolean {
  if (op === '==') return value === bound;
  if (op === '!=') return value !== bound;
  return holds({ kind: 'compare', op, value: bound, text: '' }, value);
}

function entries(result: MetricResult, grouped: boolean): { group: MetricResult['groups'][number]['group']; value: number | null; target: TargetView | null }[] {
  return grouped ? result.groups.map((g) => ({ group: g.group, value: g.value, target: g.target ?? result.target })) : [{ group: {}, value: result.value, target: result.target }];
}

export const targetCondition: ConditionKind<TargetCondition> = {
  kind: 'target',
  needs: () => [],
  values(condition, input) {
    const result = input.current.get(condition.metric);
    if (!result) return 'missing';
    const out: GroupValues = new Map();
    for (const e of entries(result, input.grouped.has(condition.metric))) {
      const target = targetValue(e.target);
      const bound = target === null ? null : evaluateExpression(condition.bound, () => target);
      const value = bound === null ? null : e.value;
      out.set(groupText(e.group), { group: e.group, value, ...(value !== null && bound !== null ? { holds: compare(condition.op, value, bound) } : {}) });
    }
    return out;
  },
  // Each group's bound is its own: whether it holds is given with its value.
  holds: () => false,
  watches: (condition, plan) => metricEvents(condition.metric, plan),
  unit: (condition, unitOf) => unitOf(condition.metric),
};

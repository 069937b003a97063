/**
 * `regression(p95, baseline: launch) > 20%`: how much worse a metric is than a
 * named baseline, relative, worse being the direction its target calls worse
 * (src/baselines/regressions.ts degradation). Each group against the
 * baseline's value for that group; a baseline without groups (entered by
 * hand) stands for every group. No data while the baseline does not exist.
 */
import { degradation } from '../../baselines/regressions.js';
import type { AlertCondition } from '../../plan/alert-types.js';
import { holds } from '../../plan/threshold.js';
import { currentValues, groupText, metricEvents } from './groups.js';
import type { ConditionKind, GroupValues } from './types.js';

export type RegressionCondition = Extract<AlertCondition, { kind: 'regression' }>;

/** The key of a metric's baseline in ObservationInput.baselines (src/baselines/service.ts regressionInputs writes it). */
export const regressionKey = (metric: string, baseline: string): string => `${metric}@${baseline}`;

export const regressionCondition: ConditionKind<RegressionCondition> = {
  kind: 'regression',
  needs: () => [{ kind: 'baselines' }],
  values(condition, input) {
    const now = currentValues(condition.metric, input);
    if (now === 'missing') return 'missing';
    const baseline = input.baselines?.get(regressionKey(condition.metric, condition.baseline));
    const byGroup = new Map(baseline?.groups.map((g) => [groupText(g.group), g.value]));
    const grouped = input.grouped.has(condition.metric);
    const out: GroupValues = new Map();
    for (const [key, e] of now) {
      const base = !baseline ? null : grouped && baseline.groups.length > 0 ? (byGroup.get(key) ?? null) : baseline.value;
      out.set(key, { group: e.group, value: baseline ? degradation(e.value, base, baseline.better) : null });
    }
    return out;
  },
  holds: (condition, value) => holds({ kind: 'compare', op: condition.op, value: condition.value, text: condition.text }, value),
  watches: (condition, plan) => metricEvents(condition.metric, plan),
  unit: () => 'percent',
};

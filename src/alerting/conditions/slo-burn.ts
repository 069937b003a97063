/**
 * `slo_burn(slo, page)`: an SLO's page or ticket alert (generated from the
 * plan's slos, src/plan/slos.ts), over the SLO's pairs for that alert, or the
 * defaults for its window when it declares none. Its value per group is how hard the pairs
 * burn: for each pair the smaller of its two windows' burn rates over the
 * pair's factor, the largest of those (src/slo/burn.ts burnSeverity); it
 * holds above 1, when both windows of some pair burn faster than its factor.
 * No data while no pair has events in both of its windows.
 */
import type { AlertCondition } from '../../plan/alert-types.js';
import { defaultWindows } from '../../plan/slo-windows.js';
import { burnSeverity } from '../../slo/burn.js';
import { sliEvents } from '../../slo/source.js';
import { groupText } from './groups.js';
import type { ConditionKind, GroupValues } from './types.js';

export type SloBurnCondition = Extract<AlertCondition, { kind: 'slo_burn' }>;

export const sloBurnCondition: ConditionKind<SloBurnCondition> = {
  kind: 'slo_burn',
  needs: () => [{ kind: 'slos' }],
  values(condition, input) {
    const reading = input.slos?.get(condition.slo);
    if (!reading) return 'missing';
    const pairs = reading.slo.alerts[condition.alert]?.windows ?? defaultWindows(condition.alert, reading.slo.windowMs);
    const groups = reading.slo.by.length === 0 ? [{ group: {}, burn: reading.burn }] : reading.groups;
    const out: GroupValues = new Map();
    for (const g of groups) out.set(groupText(g.group), { group: g.group, value: burnSeverity(pairs, (ms) => g.burn.get(ms) ?? null) });
    return out;
  },
  holds: (_condition, value) => value > 1,
  watches(condition, plan) {
    const slo = plan.slos.find((s) => s.id === condition.slo);
    const sli = slo && sliEvents(slo);
    return sli ? [sli.event] : [];
  },
  unit: () => '',
};

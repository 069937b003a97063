/**
 * `a and b`, `a or b`, `not a`: conditions combined, in three-valued logic (a condition without data
 * for a group is unknown there: `and` is false when an operand is false, `or` true when one is true,
 * else unknown while one is). Groups: every group of the operands; an operand without groups (a
 * phase, absent(), a metric without by) stands for every group. Its value, for {{ value }}, is its
 * first operand's that has one. The kinds are built with the registry's lookup (registry.ts), which
 * they call for their operands.
 */
import type { AlertCondition } from '../../plan/alert-types.js';
import type { GroupKey } from '../../store/types.js';
import { groupText } from './groups.js';
import type { ConditionKind, GroupValues, ObservationInput } from './types.js';

type Logic = Extract<AlertCondition, { kind: 'and' | 'or' | 'not' }>;
type Lookup = (condition: AlertCondition) => ConditionKind;

const operandsOf = (condition: Logic): readonly AlertCondition[] => (condition.kind === 'not' ? [condition.operand] : condition.operands);

/** Whether a condition holds for a group: true, false, or null (no data). */
type Truth = boolean | null;

function combine(kind: Logic['kind'], truths: readonly Truth[]): Truth {
  if (kind === 'not') return truths[0] === null || truths[0] === undefined ? null : !truths[0];
  const decisive = kind === 'and' ? false : true;
  if (truths.includes(decisive)) return decisive;
  return truths.includes(null) ? null : !decisive;
}

function values(condition: Logic, input: ObservationInput, kindOf: Lookup): GroupValues | 'missing' {
  const operands = operandsOf(condition).map((c) => ({ c, values: kindOf(c).values(c, input) }));
  const groups = new Map<string, GroupKey>();
  for (const { values } of operands) {
    if (values === 'missing') return 'missing';
    for (const [key, entry] of values) if (Object.keys(entry.group).length > 0) groups.set(key, entry.group);
  }
  if (groups.size === 0) groups.set(groupText({}), {});
  const out: GroupValues = new Map();
  for (const [key, group] of groups) {
    const parts = operands.map(({ c, values }) => {
      const entry = values === 'missing' ? undefined : (values.get(key) ?? values.get(groupText({})));
      const value = entry?.value ?? null;
      return { value, truth: value === null ? null : (entry?.holds ?? kindOf(c).holds(c, value)) };
    });
    const truth = combine(condition.kind, parts.map((p) => p.truth));
    const shown = parts.find((p) => p.value !== null)?.value ?? null;
    out.set(key, truth === null ? { group, value: null } : { group, value: shown ?? (truth ? 1 : 0), holds: truth });
  }
  return out;
}

/** What the three combinations share; each is this with its kind (registry.ts). */
export function logicCondition(kindOf: Lookup): Omit<ConditionKind<Logic>, 'kind'> {
  return {
    needs: (condition) => operandsOf(condition).flatMap((c) => kindOf(c).needs(c)),
    values: (condition, input) => values(condition, input, kindOf),
    // Whether it holds is given with each group's value.
    holds: () => false,
    watches: (condition, plan) => [...new Set(operandsOf(condition).flatMap((c) => kindOf(c).watches(c, plan)))],
    unit: (condition, unitOf) => {
      const first = operandsOf(condition)[0];
      return first ? kindOf(first).unit(first, unitOf) : '';
    },
  };
}

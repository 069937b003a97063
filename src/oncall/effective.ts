/**
 * The schedules as they run: the plan's, with the overrides made at run time
 * laid over the plan's own overrides (a run-time override wins where the two
 * overlap; the plan's is cut around it). Escalation policies are rebuilt to
 * point at the changed schedules. Pure.
 */
import type { EscalationPolicy, Override, Schedule } from '../plan/oncall-types.js';
import type { Plan } from '../plan/types.js';
import type { StoredOverride } from '../store/oncall.js';

/** The plan's overrides minus the spans of the run-time ones, plus the run-time ones, by `from`. */
export function mergeOverrides(planned: readonly Override[], runtime: readonly Override[]): Override[] {
  let pieces: Override[] = [...planned];
  for (const r of runtime) {
    pieces = pieces.flatMap((p) => {
      if (p.to <= r.from || p.from >= r.to) return [p];
      return [...(p.from < r.from ? [{ ...p, to: r.from }] : []), ...(p.to > r.to ? [{ ...p, from: r.to }] : [])];
    });
  }
  return [...pieces, ...runtime].sort((a, b) => a.from - b.from);
}

/** The plan with the run-time overrides of its schedules (those of schedules it no longer has are left out). */
export function withRuntimeOverrides(plan: Plan, stored: readonly StoredOverride[]): Plan {
  const changed = new Map<string, Schedule>();
  for (const schedule of Object.values(plan.schedules)) {
    const runtime = stored.filter((o) => o.schedule === schedule.id).map((o) => ({ person: o.person, from: o.from, to: o.to }));
    if (runtime.length > 0) changed.set(schedule.id, Object.freeze({ ...schedule, overrides: Object.freeze(mergeOverrides(schedule.overrides, runtime)) }));
  }
  if (changed.size === 0) return plan;
  const schedules = Object.freeze({ ...plan.schedules, ...Object.fromEntries(changed) });
  const escalation: Record<string, EscalationPolicy> = {};
  for (const [id, policy] of Object.entries(plan.escalation)) {
    escalation[id] = Object.freeze({
      ...policy,
      steps: policy.steps.map((step) => ({
        ...step,
        targets: step.targets.map((t) => (t.kind === 'schedule' ? { kind: 'schedule' as const, schedule: changed.get(t.schedule.id) ?? t.schedule } : t)),
      })),
    });
  }
  return Object.freeze({ ...plan, schedules, escalation: Object.freeze(escalation) });
}

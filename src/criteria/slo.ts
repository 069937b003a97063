/**
 * What a criterion naming an SLO reads: the SLO's SLI or remaining error
 * budget now (over the SLO's own window, as GET /api/v1/slos reports it) and
 * over the criterion's evaluation window, from the SLO's per-minute counts.
 */
import type { Subject } from '../plan/criteria-types.js';
import type { Plan } from '../plan/types.js';
import { errorBudget, sliOf, type Counts } from '../slo/burn.js';
import { mergedMinutes, minuteOf, windowSums } from '../slo/rollup.js';
import { readMinutes, type SloReadPorts } from '../slo/source.js';
import type { Measured } from './evaluate.js';

type SloSubject = Extract<Subject, { kind: 'slo' }>;

/** The figure a criterion compares: the SLI, or 1 − consumed / allowed. Null without events. */
export function sloFigure(subject: SloSubject, counts: Counts, objective: number): number | null {
  return subject.figure === 'sli' ? sliOf(counts) : errorBudget(counts, objective).remaining;
}

export async function measureSlo(plan: Plan, ports: SloReadPorts, subject: SloSubject, windowMs: number, now: number): Promise<Measured> {
  const slo = plan.slos.find((s) => s.id === subject.slo);
  if (!slo) return { now: null, window: null, unit: 'percent' };
  const last = minuteOf(now);
  const first = last - Math.ceil(Math.max(slo.windowMs, windowMs) / 60_000) + 1;
  const minutes = mergedMinutes(await readMinutes(ports, slo, first, now));
  const sums = windowSums(minutes, last, [slo.windowMs, windowMs]);
  const none = { good: 0, total: 0 };
  return {
    now: sloFigure(subject, sums.get(slo.windowMs) ?? none, slo.objective),
    window: sloFigure(subject, sums.get(windowMs) ?? none, slo.objective),
    unit: 'percent',
  };
}

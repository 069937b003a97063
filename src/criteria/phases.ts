/**
 * Which launch phase is on, for phase() alert conditions: the phases are a
 * sequence in plan order, and a phase is on while every phase before it is
 * complete (its completion criteria met, as GET /api/v1/criteria judges them
 * now) and it is not. Before the first phase completes, the first is on; once
 * all are complete, none is. Judged at each evaluation, not latched: a phase
 * whose criteria stop holding is open again. `phasesOn` is pure; `currentPhases`
 * reads what the criteria read.
 */
import type { MetricResult } from '../metrics/result.js';
import type { Plan } from '../plan/types.js';
import type { ReportStores } from '../reports/gather.js';
import { criteriaReport } from './evaluate.js';
import { gatherReadings } from './gather.js';
import type { PhaseResult } from './types.js';

export function phasesOn(phases: readonly Pick<PhaseResult, 'id' | 'complete'>[]): Map<string, boolean> {
  const on = new Map<string, boolean>();
  let before = true;
  for (const phase of phases) {
    on.set(phase.id, before && !phase.complete);
    before = before && phase.complete;
  }
  return on;
}

export async function currentPhases(plan: Plan, stores: ReportStores, current: readonly MetricResult[], now: number): Promise<Map<string, boolean>> {
  const readings = await gatherReadings(plan, stores, current, now);
  return phasesOn(criteriaReport(plan, readings, now).phases);
}

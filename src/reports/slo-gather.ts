/**
 * The I/O in front of the reports' SLO section: each plan SLO's per-minute
 * counts from its window before the period's end (or the report's time, while
 * the period is in progress) through that end, read as the SLO API reads them
 * (src/slo/source.ts), then reduced by src/reports/slo.ts.
 */
import type { SloSpec } from '../plan/slo-types.js';
import type { Plan } from '../plan/types.js';
import { MINUTE_MS, minuteOf } from '../slo/rollup.js';
import { readMinutes, type SloReadPorts } from '../slo/source.js';
import type { SloPeriod } from './model.js';
import { sloPeriodOf } from './slo.js';

/** Told of an SLO whose figures could not be read; the report shows it without them. */
export type OnSloError = (slo: SloSpec, error: unknown) => void;

/** Where the report's figures end: the period's end, or just after `now` while the period is in progress (never before its first minute). */
export function sloPeriodEnd(period: { readonly from: number; readonly to: number }, now: number): number {
  return Math.min(period.to, Math.max(period.from + MINUTE_MS, now + 1));
}

export async function gatherSlos(plan: Plan, ports: SloReadPorts, period: { readonly from: number; readonly to: number }, now: number, onError?: OnSloError): Promise<SloPeriod[]> {
  const end = sloPeriodEnd(period, now);
  const out: SloPeriod[] = [];
  for (const slo of plan.slos) {
    const first = Math.min(minuteOf(period.from), minuteOf(end - 1) - Math.ceil(slo.windowMs / MINUTE_MS) + 1);
    try {
      out.push(sloPeriodOf(slo, await readMinutes(ports, slo, first, end - 1), period, end));
    } catch (error: unknown) {
      onError?.(slo, error);
      out.push({ sloId: slo.id, period: { good: 0, total: 0 }, atEnd: { good: 0, total: 0 }, groups: [], burned: [], failed: true });
    }
  }
  return out;
}

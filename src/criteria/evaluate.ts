/**
 * Judging success criteria and phase completion criteria, pure: each
 * criterion read now and over its evaluation window; met only when both
 * hold. GO when every must criterion is met, with what blocks otherwise; a
 * phase is complete when all of its `all` and at least one of its `any`
 * criteria are met.
 */
import { formatDuration } from '../plan/duration.js';
import { LEVELS, type Criterion } from '../plan/criteria-types.js';
import { compare } from '../plan/criterion.js';
import type { Plan } from '../plan/types.js';
import type { CriteriaReport, CriterionResult, LevelResult, PhaseResult, Reading } from './types.js';

/** What a criterion's subject measured: now, and over a window ending now. */
export interface Measured {
  readonly now: number | null;
  readonly window: number | null;
  /** Why there is no value: the metric's source is off or has never answered ("GitHub source disabled: no token"). */
  readonly unavailable?: string;
  /** The unit of the values: the metric's, `percent` for a change from a baseline; none for incident counts. */
  readonly unit?: string;
}

/** Looks up what was measured for a criterion over a window (see criteria/gather.ts). */
export type Readings = (criterion: Criterion, windowMs: number) => Measured;

function reading(value: number | null, criterion: Criterion): Reading {
  return { value, holds: value === null ? null : compare(value, criterion.op, criterion.value) };
}

export function judgeCriterion(criterion: Criterion, measured: Measured, windowMs: number, now: number): CriterionResult {
  const current = reading(measured.now, criterion);
  const window = reading(measured.window, criterion);
  const verdict = current.holds === null || window.holds === null ? 'no_data' : current.holds && window.holds ? 'met' : 'not_met';
  return {
    text: criterion.text,
    now: current,
    window: { ...window, from: new Date(now - windowMs).toISOString(), to: new Date(now).toISOString() },
    verdict,
    ...(measured.unit !== undefined ? { unit: measured.unit } : {}),
    ...(measured.unavailable !== undefined ? { unavailable: measured.unavailable } : {}),
  };
}

/** Why a criterion is not met, in words. */
export function blockingText(result: CriterionResult): string {
  if (result.unavailable !== undefined) return `${result.text}: unknown, ${result.unavailable}`;
  if (result.verdict === 'no_data') return `${result.text}: no data ${result.now.holds === null ? 'now' : 'over the window'}`;
  const where = result.now.holds === false && result.window.holds === false ? 'now and over the window' : result.now.holds === false ? 'now' : 'over the window';
  return `${result.text}: not met ${where}`;
}

export function criteriaReport(plan: Plan, readings: Readings, now: number): CriteriaReport {
  const judge = (criterion: Criterion, defaultWindowMs: number): CriterionResult => {
    const windowMs = criterion.overMs ?? defaultWindowMs;
    return judgeCriterion(criterion, readings(criterion, windowMs), windowMs, now);
  };
  const success = plan.criteria.success;
  const levels: LevelResult[] = success
    ? LEVELS.map((level) => {
        const criteria = success[level].map((c) => judge(c, success.windowMs));
        return { level, met: criteria.filter((c) => c.verdict === 'met').length, total: criteria.length, criteria };
      })
    : [];
  const blocking = (levels.find((l) => l.level === 'must')?.criteria ?? []).filter((c) => c.verdict !== 'met').map(blockingText);
  const phases: PhaseResult[] = plan.criteria.phases.map((phase) => {
    const all = phase.all.map((c) => judge(c, phase.windowMs));
    const any = phase.any.map((c) => judge(c, phase.windowMs));
    const phaseBlocking = all.filter((c) => c.verdict !== 'met').map(blockingText);
    if (any.length > 0 && !any.some((c) => c.verdict === 'met')) phaseBlocking.push(`none of: ${any.map((c) => c.text).join('; ')}`);
    return { id: phase.id, title: phase.title, complete: phaseBlocking.length === 0, all, any, blocking: phaseBlocking };
  });
  return {
    evaluatedAt: new Date(now).toISOString(),
    decision: success ? (blocking.length === 0 ? 'GO' : 'NO_GO') : null,
    blocking,
    window: success ? formatDuration(success.windowMs) : null,
    levels,
    phases,
  };
}

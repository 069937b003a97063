/**
 * Success criteria and launch-phase completion criteria: what they say
 * (parsed from the plan) and what an evaluation found. Plain data.
 */
import type { IncidentSeverity } from '../incidents/types.js';

export type CriterionOp = '==' | '!=' | '>=' | '>' | '<=' | '<';

export type Subject =
  /** A plan metric's value. */
  | { readonly kind: 'metric'; readonly metric: string }
  /** Incidents of these severities (all when empty): declared in the window, and open now. */
  | { readonly kind: 'incidents'; readonly severities: readonly IncidentSeverity[] }
  /** A metric's relative change against a baseline's value: (value − baseline) / |baseline|; −0.1 is 10 % lower. */
  | { readonly kind: 'change'; readonly metric: string; readonly baseline: string };

export interface Criterion {
  /** As written in the plan. */
  readonly text: string;
  readonly subject: Subject;
  readonly op: CriterionOp;
  /** Percentages as fractions: "75%" is 0.75. */
  readonly value: number;
  /** `over 30d`: the window this criterion is judged over, instead of the section's. */
  readonly overMs: number | null;
}

export type Level = 'must' | 'should' | 'nice';
export const LEVELS: readonly Level[] = ['must', 'should', 'nice'];

export interface SuccessCriteria {
  /** The evaluation window: each criterion is judged now and over the last `windowMs`. */
  readonly windowMs: number;
  readonly must: readonly Criterion[];
  readonly should: readonly Criterion[];
  readonly nice: readonly Criterion[];
}

export interface PhaseSpec {
  readonly id: string;
  readonly title: string;
  readonly windowMs: number;
  /** Every one must hold. */
  readonly all: readonly Criterion[];
  /** At least one must hold, when there are any ("latency −10 % or conversion +5 %"). */
  readonly any: readonly Criterion[];
}

export interface CriteriaPlan {
  readonly criteria: {
    readonly success: SuccessCriteria | null;
    readonly phases: readonly PhaseSpec[];
  };
}

/** One view of a criterion: its value and whether the comparison holds (null: no value). */
export interface Reading {
  readonly value: number | null;
  readonly holds: boolean | null;
}

export type Verdict = 'met' | 'not_met' | 'no_data';

export interface CriterionResult {
  readonly text: string;
  /** The value now: the metric over its own window ending now; for incidents, those open now. */
  readonly now: Reading;
  /** Over the evaluation window: the metric over the window; for incidents, those declared in it. */
  readonly window: Reading & { readonly from: string; readonly to: string };
  /** Met when it holds now and over the window; no_data when either has no value. */
  readonly verdict: Verdict;
}

export interface LevelResult {
  readonly level: Level;
  readonly met: number;
  readonly total: number;
  readonly criteria: readonly CriterionResult[];
}

export interface PhaseResult {
  readonly id: string;
  readonly title: string;
  readonly complete: boolean;
  readonly all: readonly CriterionResult[];
  readonly any: readonly CriterionResult[];
  /** What keeps the phase open, in words. */
  readonly blocking: readonly string[];
}

export interface CriteriaReport {
  readonly evaluatedAt: string;
  /** GO when every must criterion is met; NO_GO otherwise, with what blocks. Null without success criteria. */
  readonly decision: 'GO' | 'NO_GO' | null;
  readonly blocking: readonly string[];
  readonly window: string | null;
  readonly levels: readonly LevelResult[];
  readonly phases: readonly PhaseResult[];
}

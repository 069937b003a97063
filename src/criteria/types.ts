/**
 * What an evaluation of the success criteria and launch-phase completion
 * criteria found. Plain data; what they say is the plan's
 * (src/plan/criteria-types.ts).
 */
import type { Level } from '../plan/criteria-types.js';

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
  /** Met when it holds now and over the window; no_data when either has no value (never met). */
  readonly verdict: Verdict;
  /** The unit of the values (the metric's; `percent` for a change from a baseline); absent for incident counts. */
  readonly unit?: string;
  /** Why there is no value: the metric's source is off or has never answered, e.g. "GitHub source disabled: no token". */
  readonly unavailable?: string;
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

/**
 * Success criteria and launch-phase completion criteria as the plan holds
 * them once parsed (src/plan/criterion.ts, src/plan/criteria.ts). Plain data;
 * what an evaluation found is src/criteria/types.ts's.
 */
import type { IncidentSeverity } from './incident-types.js';

export type CriterionOp = '==' | '!=' | '>=' | '>' | '<=' | '<';

export type Subject =
  /** A plan metric's value. */
  | { readonly kind: 'metric'; readonly metric: string }
  /** Incidents of these severities (all when empty): declared in the window, and open now. */
  | { readonly kind: 'incidents'; readonly severities: readonly IncidentSeverity[] }
  /** A metric's relative change against a baseline's value: (value − baseline) / |baseline|; −0.1 is 10 % lower. */
  | { readonly kind: 'change'; readonly metric: string; readonly baseline: string }
  /** An SLO's figure (src/plan/slo-criterion.ts): its SLI (`slo(x) met` compares it with the objective), or the share of its error budget that remains. */
  | { readonly kind: 'slo'; readonly slo: string; readonly figure: 'sli' | 'budget' };

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

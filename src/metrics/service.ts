/**
 * The current evaluation of the plan, shared by API requests: recomputed when
 * a commit has landed since, or when it is older than `maxAgeMs` (windows slide).
 * Concurrent callers share one evaluation in flight.
 */
import type { MetricSpec, Plan } from '../plan/types.js';
import type { EventStore } from '../store/types.js';
import { evaluatePlan, type PlanEvaluation } from './evaluate.js';

export interface MetricsServiceOptions {
  readonly store: EventStore;
  readonly plan: () => Plan;
  readonly now: () => number;
  /** The store's commit sequence: a new value means new events. */
  readonly sequence: () => number;
  readonly maxAgeMs?: number;
  /** Told of a metric whose evaluation failed (the others are still evaluated). */
  readonly onError?: (metric: MetricSpec, error: unknown) => void;
}

interface Cached {
  readonly sequence: number;
  readonly plan: Plan;
  readonly at: number;
  readonly result: Promise<PlanEvaluation>;
}

export class MetricsService {
  private cached: Cached | undefined;

  constructor(private readonly options: MetricsServiceOptions) {}

  current(): Promise<PlanEvaluation> {
    const now = this.options.now();
    const sequence = this.options.sequence();
    const plan = this.options.plan();
    const cached = this.cached;
    if (cached && cached.sequence === sequence && cached.plan === plan && now - cached.at < (this.options.maxAgeMs ?? 1000)) {
      return cached.result;
    }
    const result = evaluatePlan(plan, this.options.store, now, this.options.onError);
    this.cached = { sequence, plan, at: now, result };
    result.catch(() => {
      if (this.cached?.result === result) this.cached = undefined;
    });
    return result;
  }
}

/** Retention cohorts for reports (the monthly cohort table), from the events. */
import type { MetricSpec } from '../plan/types.js';
import type { TimeRange } from './types.js';

/** Cohorts of users by when they were first seen: `size` users, `retained` of them active again after `afterMs`. */
export interface RetentionCohort {
  readonly from: number;
  readonly size: number;
  readonly retained: number;
}

export interface RetentionStore {
  /** Cohorts of `stepMs` over `range` by first event, retention counted up to `asOf`; steps without new users are left out. */
  cohorts(metric: MetricSpec, range: TimeRange, stepMs: number, asOf: number): Promise<RetentionCohort[]>;
}

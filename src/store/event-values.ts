/** Raw values of one numeric property, for statistical tests that need more than an aggregate. */
import type { MetricSpec } from '../plan/types.js';
import type { TimeRange } from './types.js';

export interface ValueSample {
  /** The values (no nulls), in no particular order: every value when there are at most `limit`, else a uniform random sample of `limit`. */
  readonly values: readonly number[];
  /** How many non-null values the range holds. */
  readonly total: number;
}

/** The default cap on values read per range: 50,000 values keep a rank test under a second and its p-value meaningful. */
export const DEFAULT_VALUE_LIMIT = 50_000;

export interface EventValueReader {
  /** The values of numeric `field` for the events the metric reads (its `from` and `where`) in the range (both ends included). */
  values(metric: MetricSpec, field: string, range: TimeRange, limit?: number): Promise<ValueSample>;
}

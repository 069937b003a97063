/** Baselines: named snapshots of metric values to compare the present with. */
import type { GroupKey } from '../store/types.js';

export interface BaselineValue {
  /** The metric as a whole; null when it had no value (no data, or a share). */
  readonly value: number | null;
  /** Events it was measured over; null when entered by hand. */
  readonly events: number | null;
  /** Per group, for a metric with groups that was measured; empty when entered by hand. */
  readonly groups: readonly { readonly group: GroupKey; readonly value: number | null }[];
}

export interface Baseline {
  /** Lower-case letters, digits, _ and -: "launch", "week_1", "test-suite". */
  readonly name: string;
  /** Where the values come from: "measured" for a time range, else what people wrote ("test suite"). */
  readonly source: string;
  /** The time range the values were measured over; null for values entered by hand. */
  readonly range: { readonly from: number; readonly to: number } | null;
  /** When it was taken or last set, epoch ms. */
  readonly takenAt: number;
  /** By metric id. */
  readonly values: Readonly<Record<string, BaselineValue>>;
}

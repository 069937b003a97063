/** The `baselines:` section as the plan holds it once validated (src/plan/baselines.ts), and the form of a baseline's name. Plain data. */

/** Lower-case letters, digits, _ and -, starting with a letter: "launch", "week_1", "test-suite". */
export const BASELINE_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

export type BaselineSpec =
  | { readonly name: string; readonly kind: 'range'; readonly from: number; readonly to: number }
  | { readonly name: string; readonly kind: 'values'; readonly source: string; readonly values: Readonly<Record<string, number>> };

export interface BaselinesPlan {
  readonly baselines: Readonly<Record<string, BaselineSpec>>;
}

/** A problem found in a plan, at the path of the value it is about (the loader turns the path into file:line:col). */

export type PathSegment = string | number;

export interface PlanIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
  /** Point at the key of the last path segment rather than its value. */
  readonly atKey?: boolean;
  /** Where in the value's text the problem is (0 is its first character), for a value with a grammar of its own (a formula, a condition). */
  readonly offset?: number;
}

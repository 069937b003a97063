/** A problem found in a plan, at the path of the value it is about (the loader turns the path into file:line:col). */

export type PathSegment = string | number;

export interface PlanIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
  /** Point at the key of the last path segment rather than its value. */
  readonly atKey?: boolean;
}

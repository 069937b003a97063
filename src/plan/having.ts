/**
 * `having:` on a `distinct` metric: only the values of its field (users)
 * whose events in the window pass a test, `count: "> 20"` (more than 20 such
 * events) or `sum: { of, threshold }` (the sum of a number property over
 * them passes the threshold). A threshold is a comparison or a range as a
 * target's is ("> 20", ">= 5", "10..20"); a bare number N means "> N".
 */
import { z } from 'zod';
import type { PathSegment, PlanIssue } from './issue.js';
import type { Having } from './metric-types.js';
import { resolveThreshold } from './plan-targets.js';
import type { Threshold } from './threshold.js';

const thresholdText = z.union([z.string(), z.number()]);

export const rawHaving = z.union([
  z.strictObject({ count: thresholdText }),
  z.strictObject({ sum: z.strictObject({ of: z.string(), threshold: thresholdText }) }),
]);

export type RawHaving = z.infer<typeof rawHaving>;

/** A bare number N means "> N". */
function threshold(text: string | number, path: readonly PathSegment[], issues: PlanIssue[]): Threshold | undefined {
  return resolveThreshold(typeof text === 'number' ? `> ${text}` : text, path, issues);
}

/**
 * The test of `having`, or undefined after recording why it is not one;
 * `numeric` checks that a sum's property is a number property of the event.
 */
export function resolveHaving(raw: RawHaving, path: readonly PathSegment[], numeric: (field: string, path: readonly PathSegment[]) => void, issues: PlanIssue[]): Having | undefined {
  if ('count' in raw) {
    const test = threshold(raw.count, [...path, 'count'], issues);
    return test && { by: 'count', threshold: test };
  }
  numeric(raw.sum.of, [...path, 'sum', 'of']);
  const test = threshold(raw.sum.threshold, [...path, 'sum', 'threshold'], issues);
  return test && { by: 'sum', of: raw.sum.of, threshold: test };
}

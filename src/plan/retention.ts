/**
 * The `retention` metric kind: of the users first seen in a cohort period,
 * the share active again at or after `after` from their first event
 * (seed 000 Tier 3 #12 "Day 7 retention", 001 "Week 1 -> Week 2 retention").
 * Measured in SQL by src/store/duckdb/retention.ts; semantics in docs/plan.md.
 */
import { z } from 'zod';
import { parseDuration } from './duration.js';
import type { PathSegment, PlanIssue } from './issue.js';
import type { RetentionMeasure } from './metric-types.js';

export const rawRetention = z.strictObject({ after: z.string() });

/** The measure of `retention: { after: 7d }`, or undefined after recording why it is not one. */
export function resolveRetentionMeasure(raw: z.infer<typeof rawRetention> | undefined, path: readonly PathSegment[], issues: PlanIssue[]): RetentionMeasure | undefined {
  const after = parseDuration(raw?.after ?? '');
  if (after.kind === 'invalid') {
    issues.push({ path: [...path, 'after'], message: after.reason });
    return undefined;
  }
  if (after.ms <= 0) {
    issues.push({ path: [...path, 'after'], message: 'after must be longer than zero' });
    return undefined;
  }
  return { kind: 'retention', afterMs: after.ms };
}

/**
 * Thresholds and targets as every metric resolver reads them: the text
 * parsed (src/plan/threshold.ts), or the reason recorded as a plan issue at
 * its path. One module for the event metrics, the figure metrics (incidents,
 * GitHub, Prometheus), formulas and `having`. Pure.
 */
import type { PathSegment, PlanIssue } from './issue.js';
import { parseThreshold, type Threshold } from './threshold.js';
import type { Target } from './types.js';

/** The threshold of `text`, or undefined after recording why it is not one. */
export function resolveThreshold(text: string | number, path: readonly PathSegment[], issues: PlanIssue[]): Threshold | undefined {
  const result = parseThreshold(text);
  if (result.kind === 'invalid') issues.push({ path, message: result.reason });
  return result.kind === 'ok' ? result.threshold : undefined;
}

/** A `target: { green, yellow? }`, or undefined after recording why either is not a threshold. */
export function resolveTarget(raw: { green: string | number; yellow?: string | number | undefined }, path: readonly PathSegment[], issues: PlanIssue[]): Target | undefined {
  const green = resolveThreshold(raw.green, [...path, 'green'], issues);
  const yellow = raw.yellow === undefined ? undefined : resolveThreshold(raw.yellow, [...path, 'yellow'], issues);
  if (!green || (raw.yellow !== undefined && !yellow)) return undefined;
  return Object.freeze(yellow ? { green, yellow } : { green });
}

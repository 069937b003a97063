export { loadPlanFile, loadPlanText, formatPlanError, interpolate, type LoadResult, type PlanError, type Env } from './load.js';
export { resolvePlan } from './resolve.js';
export type { PlanIssue } from './issue.js';
export { parseDuration, formatDuration } from './duration.js';
export { parseThreshold, holds, type Threshold, type Comparator } from './threshold.js';
export * from './types.js';
export * from './alert-types.js';
export { parseCondition } from './alerting.js';

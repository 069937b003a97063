/** The public surface of the launchwatch package: build the app, load a plan, and the types around them. */
export { createLaunchwatch, type Launchwatch, type LaunchwatchOptions } from './app.js';
export { LaunchwatchError, ERROR_CODES, type ErrorCode } from './errors.js';
export { loadPlanFile, loadPlanText, formatPlanError, type LoadResult, type PlanError } from './plan/load.js';
export type { Plan, MetricSpec, EventSpec, Measure, Target } from './plan/types.js';
export type { MetricResult, PlanEvaluation, GroupResult } from './metrics/evaluate.js';
export type { Status } from './metrics/status.js';
export type { EventStore, StateStore, AdmittedEvent } from './store/types.js';

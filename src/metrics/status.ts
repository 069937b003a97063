/**
 * A value against its target: green if the green threshold holds, else yellow
 * if the yellow one holds, else red. Pure; returns a named reason.
 */
import { holds } from '../plan/threshold.js';
import type { GroupTarget, MetricSpec, Scalar, Target } from '../plan/types.js';
import type { GroupKey } from '../store/types.js';

import type { Status, StatusReason } from './result.js';

export type { Status, StatusReason } from './result.js';

export interface Judgement {
  readonly status: Status;
  readonly reason: StatusReason;
}

export function judge(value: number | null, target: Target | undefined): Judgement {
  if (!target) return { status: 'unknown', reason: 'no_target' };
  if (value === null) return { status: 'unknown', reason: 'no_data' };
  if (holds(target.green, value)) return { status: 'green', reason: 'meets_green' };
  if (target.yellow && holds(target.yellow, value)) return { status: 'yellow', reason: 'meets_yellow' };
  return { status: 'red', reason: 'misses_target' };
}

function matches(target: GroupTarget, group: GroupKey): boolean {
  return Object.entries(target.group).every(([field, value]: [string, Scalar]) => group[field] === value);
}

/** The first per-group target that matches a group, if any (a funnel step's only target). */
export function ownTarget(metric: MetricSpec, group: GroupKey): Target | undefined {
  return metric.targets.find((t) => matches(t, group));
}

/** The target of one group: the first per-group target that matches it, else the metric's target. */
export function targetForGroup(metric: MetricSpec, group: GroupKey): Target | undefined {
  return metric.targets.find((t) => matches(t, group)) ?? metric.target;
}

const SEVERITY: Record<Status, number> = { unknown: 0, green: 1, yellow: 2, red: 3 };

/** The worst known status of several; unknown only when all are. */
export function worst(statuses: readonly Status[]): Status {
  return statuses.reduce<Status>((acc, s) => (SEVERITY[s] > SEVERITY[acc] ? s : acc), 'unknown');
}

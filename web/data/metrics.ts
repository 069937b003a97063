/** The metrics API: current values, series, and the overview's previous values and sparklines. */
import type { GroupKey, MetricResult, PlanEvaluation, TargetView } from '../../src/metrics/result.js';
import { get, savedToken } from './api.js';
import type { Status } from '../lib/format.js';

// The server's own answer types (src/metrics/result.ts), not a copy of them.
export type { GroupKey, GroupResult, MetricResult } from '../../src/metrics/result.js';
export type Target = TargetView;
export type Evaluation = PlanEvaluation;

export interface Point {
  readonly t: number;
  readonly value: number | null;
}

export interface Series {
  readonly id: string;
  /** `sliding`: each point is the metric over its window ending at `t`; `buckets`: over each bucket's own events from `t`. */
  readonly mode?: 'buckets' | 'sliding';
  readonly window_ms?: number;
  readonly from: string;
  readonly to: string;
  readonly step_ms: number;
  readonly points: readonly Point[];
  readonly groups: readonly { readonly group: GroupKey; readonly points: readonly Point[] }[];
}

export interface MetricOverview {
  readonly id: string;
  readonly previous: { readonly from: string; readonly to: string; readonly value: number | null; readonly status: Status };
  readonly spark: { readonly step_ms: number; readonly points: readonly Point[] };
}

export const fetchMetrics = (): Promise<Evaluation> => get<Evaluation>('/api/v1/metrics');

/** Started before the session check answers, with the token saved then; taken by the overview's first load. */
interface EarlyAsk {
  readonly token: string | undefined;
  readonly evaluation: Promise<Evaluation>;
  answer?: Evaluation;
}
let early: EarlyAsk | undefined;

/** The overview's values: the scheduler's last evaluation (at most about one evaluation interval old). */
const getOverviewMetrics = (): Promise<Evaluation> => get<Evaluation>('/api/v1/overview/metrics');

/** Asks for the overview's values at once, in parallel with the session check, so the tiles wait for one round trip, not two. */
export function prefetchOverviewMetrics(): void {
  const evaluation = getOverviewMetrics();
  const asked: EarlyAsk = { token: savedToken(), evaluation };
  evaluation.then(
    (answer) => (asked.answer = answer),
    // A refused token is handled by the session check; the overview then asks again.
    () => undefined,
  );
  early = asked;
}

/** The early answer if it is already in (the overview then draws its tiles in its first render), taking it. */
export function takeEarlyOverviewMetrics(): Evaluation | undefined {
  const answer = early && early.token === savedToken() ? early.answer : undefined;
  if (answer) early = undefined;
  return answer;
}

export function fetchOverviewMetrics(): Promise<Evaluation> {
  const taken = early;
  early = undefined;
  return taken && taken.token === savedToken() ? taken.evaluation : getOverviewMetrics();
}
export const fetchMetric = (id: string): Promise<{ evaluated_at: string; metric: MetricResult }> => get(`/api/v1/metrics/${encodeURIComponent(id)}`);
export const fetchOverview = (): Promise<{ at: string; metrics: readonly MetricOverview[] }> => get('/api/v1/overview');

/** Sliding by default: the chart then shows what the tile would have shown at each point. */
export function fetchSeries(id: string, from: number, to: number, mode: 'buckets' | 'sliding' = 'sliding', step?: string): Promise<Series> {
  return get<Series>(`/api/v1/metrics/${encodeURIComponent(id)}/series?from=${Math.round(from)}&to=${Math.round(to)}&mode=${mode}${step ? `&step=${step}` : ''}`);
}

export interface ServerStatus {
  readonly product: string;
  readonly events: Readonly<Record<string, number>>;
}

export const fetchStatus = (): Promise<ServerStatus> => get<ServerStatus>('/api/v1/status');

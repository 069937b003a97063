/** The metrics API: current values, series, and the overview's previous values and sparklines. */
import { get } from './api.js';
import type { Status } from '../lib/format.js';

export type GroupKey = Readonly<Record<string, string | number | boolean | null>>;
export interface Target {
  readonly green: string;
  readonly yellow?: string;
}

export interface GroupResult {
  readonly group: GroupKey;
  readonly value: number | null;
  readonly status: Status;
  readonly events: number;
  readonly target: Target | null;
}

export interface MetricResult {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly kind: string;
  readonly unit: string;
  readonly window: string;
  readonly value: number | null;
  readonly status: Status;
  readonly reason: string;
  readonly events: number;
  readonly target: Target | null;
  readonly groups: readonly GroupResult[];
}

export interface Evaluation {
  readonly evaluated_at: string;
  readonly metrics: readonly MetricResult[];
}

export interface Point {
  readonly t: number;
  readonly value: number | null;
}

export interface Series {
  readonly id: string;
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
export const fetchMetric = (id: string): Promise<{ evaluated_at: string; metric: MetricResult }> => get(`/api/v1/metrics/${encodeURIComponent(id)}`);
export const fetchOverview = (): Promise<{ at: string; metrics: readonly MetricOverview[] }> => get('/api/v1/overview');

export function fetchSeries(id: string, from: number, to: number): Promise<Series> {
  return get<Series>(`/api/v1/metrics/${encodeURIComponent(id)}/series?from=${Math.round(from)}&to=${Math.round(to)}`);
}

export interface ServerStatus {
  readonly product: string;
  readonly events: Readonly<Record<string, number>>;
}

export const fetchStatus = (): Promise<ServerStatus> => get<ServerStatus>('/api/v1/status');

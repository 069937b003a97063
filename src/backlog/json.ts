/** The wire shape of backlog items (snake_case, ISO-8601 times), with expected and measured impact side by side. Pure. */
import type { MetricImpact } from '../releases/impact.js';
import type { RankedItem } from './rice.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export interface MeasuredJson {
  readonly window: string;
  readonly before: number | null;
  readonly after: number | null;
  readonly relative_change: number | null;
  readonly p_value: number | null;
  readonly verdict: string;
  readonly reason: string;
}

export interface BacklogItemJson {
  readonly id: string;
  readonly title: string;
  readonly metric: string;
  readonly reach: number;
  readonly impact: number;
  readonly confidence: number;
  readonly effort: number;
  readonly rice: number;
  readonly rank: number | null;
  readonly status: string;
  readonly notes: string | null;
  readonly expected_change: number | null;
  readonly release: string | null;
  readonly created_at: string | null;
  readonly shipped_at: string | null;
  /** For a shipped item whose release is marked: the release's impact on the item's metric. */
  readonly measured: MeasuredJson | null;
}

export function measuredJson(impact: MetricImpact, window: string): MeasuredJson {
  return {
    window,
    before: impact.before,
    after: impact.after,
    relative_change: impact.relativeChange,
    p_value: impact.test?.pValue ?? null,
    verdict: impact.verdict,
    reason: impact.reason,
  };
}

export function backlogItemJson(ranked: RankedItem, measured: MeasuredJson | null = null): BacklogItemJson {
  const i = ranked.item;
  return {
    id: i.id,
    title: i.title,
    metric: i.metric,
    reach: i.reach,
    impact: i.impact,
    confidence: i.confidence,
    effort: i.effort,
    rice: ranked.score,
    rank: ranked.rank,
    status: i.status,
    notes: i.notes,
    expected_change: i.expectedChange,
    release: i.release,
    created_at: iso(i.createdAt),
    shipped_at: iso(i.shippedAt),
    measured,
  };
}

/**
 * RICE (seed 004 step 5): score = Reach × Impact × Confidence / Effort; the
 * backlog ranked by it; shipping an item with a release. Pure.
 */
import { IMPACT_SCALE, type BacklogItem } from './types.js';

export function riceScore(item: Pick<BacklogItem, 'reach' | 'impact' | 'confidence' | 'effort'>): number {
  return (item.reach * item.impact * item.confidence) / item.effort;
}

/** The word for an impact value ("high" for 2). */
export function impactWord(impact: number): string {
  return Object.entries(IMPACT_SCALE).find(([, v]) => v === impact)?.[0] ?? String(impact);
}

export interface RankedItem {
  readonly item: BacklogItem;
  readonly score: number;
  /** 1 for the highest score among open items; null for shipped ones. */
  readonly rank: number | null;
}

/** Open items by score, highest first (earlier items first on a tie), then shipped items in the order they shipped. */
export function rank(items: readonly BacklogItem[]): RankedItem[] {
  const open = items
    .filter((i) => i.status === 'open')
    .map((item, order) => ({ item, score: riceScore(item), order }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ item, score }, i) => ({ item, score, rank: i + 1 }));
  const shipped = items
    .filter((i) => i.status === 'shipped')
    .sort((a, b) => (a.shippedAt ?? 0) - (b.shippedAt ?? 0))
    .map((item) => ({ item, score: riceScore(item), rank: null }));
  return [...open, ...shipped];
}

export type ShipOutcome = { kind: 'changed'; item: BacklogItem } | { kind: 'rejected'; reason: 'already_shipped'; message: string };

/** Marks an open item shipped with a release. */
export function ship(item: BacklogItem, release: string, now: number): ShipOutcome {
  if (item.status === 'shipped') return { kind: 'rejected', reason: 'already_shipped', message: `${item.id} shipped with ${item.release ?? 'a release'} already` };
  return { kind: 'changed', item: { ...item, status: 'shipped', release, shippedAt: now } };
}

/** The optimisation backlog: items scored with RICE, linked to the metric they should move. */

export const BACKLOG_STATUSES = ['open', 'shipped'] as const;
export type BacklogStatus = (typeof BACKLOG_STATUSES)[number];

export interface BacklogItem {
  /** `BL-<n>`. */
  readonly id: string;
  readonly title: string;
  /** The plan metric it should move. */
  readonly metric: string;
  /** People or events affected per period (any unit, the same for every item). */
  readonly reach: number;
  /** Intercom's RICE scale: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal. */
  readonly impact: number;
  /** 0..1 (entered as a percentage: 100 %, 80 %, 50 %). */
  readonly confidence: number;
  /** Person-weeks (any unit, the same for every item); > 0. */
  readonly effort: number;
  /** The change of the metric expected, relative: 0.05 is +5 %; null when not said. */
  readonly expectedChange: number | null;
  /** Why: links, findings, the evidence for doing it. */
  readonly notes: string | null;
  readonly status: BacklogStatus;
  /** The release it shipped with, once shipped. */
  readonly release: string | null;
  readonly createdAt: number;
  readonly shippedAt: number | null;
}

/** The impact scale of RICE (Intercom): the only values an item's impact takes. */
export const IMPACT_SCALE: Readonly<Record<string, number>> = { massive: 3, high: 2, medium: 1, low: 0.5, minimal: 0.25 };

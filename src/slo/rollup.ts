/**
 * Per-minute good/total counts of one SLO, per group, kept between
 * evaluations so that a tick reads only the minutes that may have changed
 * (the current one, the last few, and any a late commit touched) instead of
 * the whole window. Plain state, no I/O: src/slo/service.ts reads the store
 * for the range `begin` asks for and hands the counts to `store`.
 */
import type { GroupKey } from '../store/types.js';
import { addCounts, NO_COUNTS, type Counts } from './burn.js';

export const MINUTE_MS = 60_000;

/** The minute an instant falls in, counted from the epoch. */
export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE_MS);

/** One group's counts by minute; only minutes with events are present. */
export interface GroupMinutes {
  readonly group: GroupKey;
  readonly minutes: Map<number, Counts>;
}

/** Groups keyed by their JSON (the empty group `{}` for an SLO without by). */
export type MinuteCounts = Map<string, GroupMinutes>;

/**
 * Sums over windows that end with minute `last`: the window of `w` ms covers
 * the w / 1m minutes up to and including `last` (the current minute, partly
 * elapsed). One pass over the minutes for every window.
 */
export function windowSums(minutes: ReadonlyMap<number, Counts>, last: number, windowsMs: readonly number[]): Map<number, Counts> {
  const spans = windowsMs.map((ms) => ({ ms, first: last - Math.round(ms / MINUTE_MS) + 1, good: 0, total: 0 }));
  for (const [minute, counts] of minutes) {
    if (minute > last) continue;
    for (const span of spans) {
      if (minute < span.first) continue;
      span.good += counts.good;
      span.total += counts.total;
    }
  }
  return new Map(spans.map((s) => [s.ms, { good: s.good, total: s.total }]));
}

/** The counts of all groups together, minute by minute. */
export function mergedMinutes(counts: MinuteCounts): Map<number, Counts> {
  const merged = new Map<number, Counts>();
  for (const { minutes } of counts.values()) for (const [minute, c] of minutes) merged.set(minute, addCounts(merged.get(minute) ?? NO_COUNTS, c));
  return merged;
}

export interface RollupOptions {
  /** How many whole minutes the SLO's longest window spans. */
  readonly spanMinutes: number;
  /** Closed minutes read again at every evaluation, for events committed just after their minute closed (default 2). */
  readonly rereadMinutes?: number;
  /** Everything is read again after this long, for commits this process was not told of (another replica's). Default 1 h. */
  readonly refreshMs?: number;
}

export class MinuteRollup {
  private counts: MinuteCounts = new Map();
  /** Minutes before this one are stored and final, unless `dirtyFrom` says otherwise; undefined before the first read. */
  private readThrough: number | undefined;
  private dirtyFrom = Infinity;
  private filledAt = -Infinity;

  constructor(private readonly options: RollupOptions) {}

  /** Events with times from `ts` on were committed: their minutes are read again at the next evaluation. */
  invalidate(ts: number): void {
    this.dirtyFrom = Math.min(this.dirtyFrom, minuteOf(ts));
  }

  /**
   * The first minute to read for an evaluation at `now` (read through the current minute).
   * Taking it clears what was invalidated: a commit noted while the read is in flight is read again next time.
   */
  begin(now: number): number {
    const current = minuteOf(now);
    const first = current - this.options.spanMinutes + 1;
    if (this.readThrough === undefined || now - this.filledAt >= (this.options.refreshMs ?? 3_600_000)) {
      this.counts = new Map();
      this.readThrough = undefined;
      this.filledAt = now;
      this.dirtyFrom = Infinity;
      return first;
    }
    const from = Math.min(this.readThrough - (this.options.rereadMinutes ?? 2), this.dirtyFrom);
    this.dirtyFrom = Infinity;
    return Math.max(first, from);
  }

  /** The counts read for minutes `from` .. `current` (inclusive) replace what was kept for them; minutes out of the span are dropped. */
  store(from: number, now: number, read: MinuteCounts): void {
    const current = minuteOf(now);
    const first = current - this.options.spanMinutes + 1;
    for (const [key, entry] of this.counts) {
      for (const minute of entry.minutes.keys()) if (minute < first || minute >= from) entry.minutes.delete(minute);
      if (entry.minutes.size === 0 && !read.has(key)) this.counts.delete(key);
    }
    for (const [key, entry] of read) {
      let kept = this.counts.get(key);
      if (!kept) this.counts.set(key, (kept = { group: entry.group, minutes: new Map() }));
      for (const [minute, c] of entry.minutes) if (minute >= from && minute <= current && c.total > 0) kept.minutes.set(minute, c);
    }
    this.readThrough = Math.max(this.readThrough ?? current, current);
  }

  /** What is kept, by group. */
  current(): MinuteCounts {
    return this.counts;
  }
}

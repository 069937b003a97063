/**
 * A metric as its window slides: at each point, the measure over the
 * metric's window ending there — the value the tile would have shown at that
 * moment — rather than over one bucket's events. One measure per point, so
 * the number of points is capped (MAX_SLIDING_POINTS).
 */
import type { MetricSpec } from '../plan/types.js';
import type { EventStore, GroupKey, Series, SeriesPoint, TimeRange } from '../store/types.js';
import { SourceUnavailableError } from './unavailable.js';

export const MAX_SLIDING_POINTS = 60;
/** Measures asked at once. */
const PARALLEL = 4;

/** The window ends of a sliding series over [from, to] with `step`: every step after `from`, the last one `to` itself. */
export function windowEnds(range: TimeRange, stepMs: number): number[] {
  const ends: number[] = [];
  for (let end = range.from + stepMs; end < range.to; end += stepMs) ends.push(end);
  ends.push(range.to);
  return ends;
}

/** A step giving at most MAX_SLIDING_POINTS points, rounded up to a whole minute, hour or day. */
export function slidingStep(spanMs: number): number {
  const raw = spanMs / MAX_SLIDING_POINTS;
  for (const step of [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000]) if (raw <= step) return step;
  return 86_400_000 * Math.ceil(raw / 86_400_000);
}

const groupId = (group: GroupKey): string => JSON.stringify(Object.entries(group).sort(([a], [b]) => a.localeCompare(b)));

/** Each point's `t` is the end of the window it measures; a metric whose source is unavailable has no value at any point, as in a bucketed series. */
export async function slidingSeries(events: Pick<EventStore, 'measure'>, metric: MetricSpec, range: TimeRange, stepMs: number): Promise<Series> {
  try {
    return await measureSliding(events, metric, range, stepMs);
  } catch (error: unknown) {
    if (!(error instanceof SourceUnavailableError)) throw error;
    return { points: windowEnds(range, stepMs).map((t) => ({ t, value: null })), groups: [] };
  }
}

async function measureSliding(events: Pick<EventStore, 'measure'>, metric: MetricSpec, range: TimeRange, stepMs: number): Promise<Series> {
  const ends = windowEnds(range, stepMs);
  const measured = new Array<Awaited<ReturnType<EventStore['measure']>>>(ends.length);
  for (let i = 0; i < ends.length; i += PARALLEL) {
    const batch = ends.slice(i, i + PARALLEL);
    const answers = await Promise.all(batch.map((end) => events.measure(metric, { from: end - metric.windowMs, to: end })));
    answers.forEach((answer, j) => (measured[i + j] = answer));
  }
  const groups = new Map<string, { group: GroupKey; values: (number | null)[] }>();
  measured.forEach((m, i) => {
    for (const g of m.groups) {
      const id = groupId(g.group);
      const entry = groups.get(id) ?? { group: g.group, values: new Array<number | null>(ends.length).fill(null) };
      entry.values[i] = g.value;
      groups.set(id, entry);
    }
  });
  const points = (values: readonly (number | null)[]): SeriesPoint[] => ends.map((t, i) => ({ t, value: values[i] ?? null }));
  return {
    points: metric.measure.kind === 'share' ? [] : points(measured.map((m) => m.value)),
    groups: [...groups.values()].map((g) => ({ group: g.group, points: points(g.values) })),
  };
}

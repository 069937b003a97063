import { describe, expect, it } from 'vitest';
import type { AppendResult, EventStore, Measurement, Series, TimeRange } from '../store/types.js';
import { weeklyReport } from './build.js';
import { fixturePlan, W47, weeklySource } from './fixtures.js';
import { metricPeriod, windowsToAverage } from './gather.js';
import { previous } from './period.js';
import { render } from './render.js';
import { plainSummary } from './text.js';

const H = 3_600_000;
const D = 24 * H;

/** Counts the event times in a range: all a count-like metric needs from the store here. */
class CountingStore implements EventStore {
  constructor(private readonly times: readonly number[]) {}
  private count(from: number, to: number): number {
    return this.times.filter((t) => t >= from && t <= to).length;
  }
  async measure(_metric: unknown, range: TimeRange): Promise<Measurement> {
    const value = this.count(range.from, range.to);
    return { value, events: value, groups: [] };
  }
  async series(_metric: unknown, range: TimeRange, stepMs: number): Promise<Series> {
    const points = [];
    for (let t = range.from; t <= range.to; t += stepMs) points.push({ t, value: this.count(t, t + stepMs - 1) });
    return { points, groups: [] };
  }
  async prepare(): Promise<void> {}
  async append(): Promise<AppendResult> {
    throw new Error('not used');
  }
  async counts(): Promise<Record<string, number>> {
    return {};
  }
  async close(): Promise<void> {}
}

/** `n` events on day `day` (0 is the Monday) of the week starting at `from`, in its first hours. */
const onDay = (from: number, day: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + day * D + i * 60_000);

describe('a mean of daily counts', () => {
  const plan = fixturePlan();
  const daily = plan.metrics.find((m) => m.id === 'daily_users');
  if (!daily) throw new Error('fixture plan without daily_users');
  const before = previous(W47);
  // W46: 14 a day all week. W47: 10 a day Monday to Wednesday, 5 on Thursday morning.
  const times = [...[0, 1, 2, 3, 4, 5, 6].flatMap((d) => onDay(before.from, d, 14)), ...[0, 1, 2].flatMap((d) => onDay(W47.from, d, 10)), ...onDay(W47.from, 3, 5)];
  const store = new CountingStore(times);
  const thursdayNoon = W47.from + 3 * D + 12 * H;

  it('is over the whole days ended while the week is in progress, never the days to come', async () => {
    const mid = await metricPeriod(store, daily, W47, before, thursdayNoon);
    expect(mid.basis).toBe('mean_of_windows');
    expect(mid.current.value).toBe(10);
    expect(mid.previous.value).toBe(14);
    expect(mid.daily).toEqual([10, 10, 10, 5, null, null, null]);
    // Once the week is over, the mean is over its seven days.
    const closed = await metricPeriod(store, daily, W47, before, W47.to + H);
    expect(closed.current.value).toBe(35 / 7);
    expect(closed.daily).toEqual([10, 10, 10, 5, 0, 0, 0]);
  });

  it('counts the windows ended, the one in progress while none has, and all of them once the period is over', () => {
    expect(windowsToAverage(W47, D, thursdayNoon)).toBe(3);
    expect(windowsToAverage(W47, D, W47.from + 2 * H)).toBe(1);
    expect(windowsToAverage(W47, D, W47.to)).toBe(7);
    expect(windowsToAverage(W47, D)).toBe(7);
  });

  it('says the week is in progress in the Markdown, HTML and plain-text renderings, and not once it is over', async () => {
    const metrics = [await metricPeriod(store, daily, W47, before, thursdayNoon)];
    const report = weeklyReport(weeklySource({ generatedAt: thursdayNoon, metrics }));
    expect(report.period.inProgress).toEqual({ days: 4, of: 7 });
    const note = 'week in progress: 4 of 7 days';
    expect(render(report, 'md')).toContain(`(Nov 16–22, 2026; ${note})`);
    expect(render(report, 'html')).toContain(`(Nov 16–22, 2026; ${note})`);
    expect(plainSummary(report)).toContain(note);
    expect(report.metrics.find((m) => m.id === 'daily_users')?.value).toBe(10);
    const over = weeklyReport(weeklySource({ generatedAt: W47.to + H, metrics }));
    expect(over.period.inProgress).toBeUndefined();
    expect(render(over, 'md')).not.toContain('in progress');
  });
});

import { describe, expect, it } from 'vitest';
import type { MetricSpec } from '../plan/types.js';
import type { Measurement, TimeRange } from '../store/types.js';
import { MAX_SLIDING_POINTS, slidingSeries, slidingStep, windowEnds } from './sliding.js';
import { SourceUnavailableError } from './unavailable.js';

const H = 3_600_000;

describe('windowEnds and slidingStep', () => {
  it('ends a window every step after from, the last at to itself', () => {
    expect(windowEnds({ from: 0, to: 10 * H }, 3 * H)).toEqual([3 * H, 6 * H, 9 * H, 10 * H]);
    expect(windowEnds({ from: 0, to: 9 * H }, 3 * H)).toEqual([3 * H, 6 * H, 9 * H]);
  });
  it('keeps the points under the cap, on whole steps', () => {
    expect(slidingStep(24 * H)).toBe(30 * 60_000);
    expect(slidingStep(7 * 24 * H)).toBe(3 * H);
    for (const span of [H, 24 * H, 30 * 24 * H, 400 * 24 * H]) expect(windowEnds({ from: 0, to: span }, slidingStep(span)).length).toBeLessThanOrEqual(MAX_SLIDING_POINTS);
  });
});

describe('slidingSeries', () => {
  it("measures the metric's window ending at each point, per group too", async () => {
    const asked: TimeRange[] = [];
    const store = {
      measure: async (_metric: MetricSpec, range: TimeRange): Promise<Measurement> => {
        asked.push(range);
        const value = range.to / H;
        return { value, events: 1, groups: range.to > 3 * H ? [{ group: { os: 'linux' }, value: value * 2, events: 1 }] : [] };
      },
    };
    const metric = { windowMs: 7 * 24 * H, measure: { kind: 'distinct', field: 'user_id' } } as unknown as MetricSpec;
    const series = await slidingSeries(store, metric, { from: 0, to: 7 * H }, 3 * H);
    expect(asked.sort((a, b) => a.to - b.to)).toEqual([3, 6, 7].map((h) => ({ from: h * H - 7 * 24 * H, to: h * H })));
    expect(series.points).toEqual([{ t: 3 * H, value: 3 }, { t: 6 * H, value: 6 }, { t: 7 * H, value: 7 }]);
    expect(series.groups).toEqual([{ group: { os: 'linux' }, points: [{ t: 3 * H, value: null }, { t: 6 * H, value: 12 }, { t: 7 * H, value: 14 }] }]);
  });

  it('has no value at any point when the source is unavailable, and lets other errors through', async () => {
    const metric = { windowMs: 24 * H, measure: { kind: 'count' } } as unknown as MetricSpec;
    const off = { measure: async (): Promise<Measurement> => Promise.reject(new SourceUnavailableError('GitHub source disabled: no token')) };
    const series = await slidingSeries(off, metric, { from: 0, to: 2 * H }, H);
    expect(series).toEqual({ points: [{ t: H, value: null }, { t: 2 * H, value: null }], groups: [] });
    const broken = { measure: async (): Promise<Measurement> => Promise.reject(new Error('disk on fire')) };
    await expect(slidingSeries(broken, metric, { from: 0, to: 2 * H }, H)).rejects.toThrow('disk on fire');
  });
});

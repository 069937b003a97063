import { describe, expect, it } from 'vitest';
import type { PlanEvaluation } from '../../metrics/evaluate.js';
import type { Plan } from '../../plan/types.js';
import { recentEnough, sparkRange } from './overview.js';

const HOUR = 3_600_000;

describe('sparkRange', () => {
  it('cuts a day into hours and a week into 7-hour buckets, aligned on the epoch', () => {
    const now = Date.parse('2026-11-22T12:30:00Z');
    expect(sparkRange(24 * HOUR, now)).toEqual({ from: Date.parse('2026-11-21T12:00:00Z'), to: now, step: HOUR });
    const week = sparkRange(7 * 24 * HOUR, now);
    expect(week.step).toBe(7 * HOUR);
    expect(week.from % week.step).toBe(0);
    expect(now - week.from).toBeGreaterThanOrEqual(7 * 24 * HOUR);
    expect(Math.ceil((now - week.from) / week.step)).toBeLessThanOrEqual(25);
  });
  it('never goes below one minute', () => {
    expect(sparkRange(60_000, 600_000).step).toBe(60_000);
  });
});

describe('recentEnough', () => {
  const plan = { evaluation: { intervalMs: 10_000 }, metrics: [{ id: 'a' }, { id: 'b' }] } as unknown as Plan;
  const at = Date.parse('2026-11-22T12:00:00Z');
  const evaluation = (ids: string[]): PlanEvaluation => ({ evaluated_at: new Date(at).toISOString(), metrics: ids.map((id) => ({ id })) }) as unknown as PlanEvaluation;

  it('takes the published evaluation up to two evaluation intervals old', () => {
    expect(recentEnough(evaluation(['a', 'b']), plan, at)).toBe(true);
    expect(recentEnough(evaluation(['a', 'b']), plan, at + 20_000)).toBe(true);
  });
  it('evaluates afresh when there is none, when it is older, from the future, or of other metrics', () => {
    expect(recentEnough(undefined, plan, at)).toBe(false);
    expect(recentEnough(evaluation(['a', 'b']), plan, at + 20_001)).toBe(false);
    expect(recentEnough(evaluation(['a', 'b']), plan, at - 1)).toBe(false);
    expect(recentEnough(evaluation(['a']), plan, at)).toBe(false);
    expect(recentEnough(evaluation(['b', 'a']), plan, at)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { COST_FACTOR, commitTickAt } from './spacing.js';

const base = { now: 10_000, debounceMs: 100, lastStartedAt: -Infinity, lastCostMs: 0, minSpacingMs: 1_000 };

describe('commitTickAt', () => {
  it('runs the first tick after the debounce', () => {
    expect(commitTickAt(base)).toBe(10_100);
  });

  it('keeps cheap ticks at least minSpacing apart', () => {
    expect(commitTickAt({ ...base, lastStartedAt: 9_500, lastCostMs: 20 })).toBe(10_500);
    expect(commitTickAt({ ...base, lastStartedAt: 8_000, lastCostMs: 20 })).toBe(10_100);
  });

  it('spaces expensive ticks by COST_FACTOR times their cost, so evaluation takes at most that share of the time', () => {
    const at = commitTickAt({ ...base, lastStartedAt: 9_000, lastCostMs: 900 });
    expect(at).toBe(9_000 + COST_FACTOR * 900);
    expect(900 / (at - 9_000)).toBeCloseTo(1 / COST_FACTOR);
  });
});

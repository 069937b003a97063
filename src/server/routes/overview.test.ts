import { describe, expect, it } from 'vitest';
import { sparkRange } from './overview.js';

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

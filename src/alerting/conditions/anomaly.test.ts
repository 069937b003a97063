import { describe, expect, it } from 'vitest';
import { robustZ, sameHourValues, WEEK_MS } from './anomaly.js';

describe('the anomaly arithmetic', () => {
  it('is the worked example of docs/alerting.md: median 105, MAD 10, z = -35 / 14.826', () => {
    // 100, 120, 90, 110: median (100 + 110) / 2 = 105; deviations 5, 15, 15, 5, their median 10.
    const z = robustZ(70, [100, 120, 90, 110]);
    expect(z).toBeCloseTo(-2.3607, 4);
    expect(z).toBe((70 - 105) / (1.4826 * 10));
  });

  it('falls back to the mean absolute deviation when the MAD is 0, and to no data without any spread', () => {
    // 50, 50, 50, 90: median 50, deviations 0, 0, 0, 40: MAD 0, mean deviation 10.
    expect(robustZ(20, [50, 50, 50, 90])).toBe((20 - 50) / (1.2533 * 10));
    expect(robustZ(50, [50, 50, 50])).toBe(0);
    expect(robustZ(49, [50, 50, 50])).toBeNull();
  });

  it('needs 3 weeks with a value', () => {
    expect(robustZ(1, [1, 2])).toBeNull();
    const last = 10 * WEEK_MS;
    const points = [1, 2, 3, 4].map((k) => ({ t: last - k * WEEK_MS, value: k === 2 ? null : k * 10 })).concat([{ t: last, value: 5 }, { t: last - 3_600_000, value: 99 }]);
    expect(sameHourValues(points, last, 28 * 86_400_000)).toEqual({ current: 5, history: [10, 30, 40] });
    expect(sameHourValues(points, last, 21 * 86_400_000)).toEqual({ current: 5, history: [10, 30] });
  });

  it("counts no week before the series' first value other than 0 as history (a count is 0 before the first event)", () => {
    const last = 10 * WEEK_MS;
    // Events began in the week before last: the two weeks of zeros before them are no history.
    const points = [1, 2, 3, 4].map((k) => ({ t: last - k * WEEK_MS, value: k <= 2 ? 20 : 0 })).concat([{ t: last, value: 3 }]);
    expect(sameHourValues(points, last, 28 * 86_400_000)).toEqual({ current: 3, history: [20, 20] });
    // Once they began, a 0 is a value like any other.
    const later = [{ t: last - 4 * WEEK_MS, value: 7 }, { t: last - 3 * WEEK_MS, value: 0 }, { t: last - 2 * WEEK_MS, value: 0 }, { t: last, value: 0 }];
    expect(sameHourValues(later, last, 28 * 86_400_000)).toEqual({ current: 0, history: [0, 0, 7] });
  });
});

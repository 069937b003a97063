import { describe, expect, it } from 'vitest';
import { COHORT_TABLES } from './fixtures.js';

describe('retentionTables', () => {
  it('has a row per week of first use with its rate, complete once every user has had `after` by asOf, for retention metrics only', () => {
    expect(COHORT_TABLES.map((t) => [t.metricId, t.after, t.asOf])).toEqual([['day7_retention', '7 days', '2026-12-03T09:00:00.000Z']]);
    expect(COHORT_TABLES[0]?.rows.map((r) => [r.label, r.size, r.retained, r.rate, r.complete])).toEqual([
      ['2026-W44', 12, 6, 0.5, true],
      ['2026-W45', 40, 18, 0.45, true],
      ['2026-W46', 35, 14, 0.4, true],
      // Ends Nov 23 00:00: its last users reach day 7 on Nov 30, before Dec 3.
      ['2026-W47', 50, 21, 0.42, true],
      // Ends Nov 30: day 7 is Dec 7, after Dec 3.
      ['2026-W48', 20, 3, 0.15, false],
      ['2026-W49', 0, 0, null, false],
    ]);
  });
});

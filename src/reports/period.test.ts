import { describe, expect, it } from 'vitest';
import { isoWeekOf, lastClosed, monthPeriod, parseMonth, parseWeek, periodDates, previous, weekContaining, weeksInYear, weeksOf } from './period.js';

const iso = (ms: number): string => new Date(ms).toISOString();

function week(text: string) {
  const result = parseWeek(text);
  if (result.kind !== 'ok') throw new Error(result.reason);
  return result.period;
}

describe('ISO weeks', () => {
  it('starts weeks on Monday 00:00 UTC and ends them at the next Monday', () => {
    const w47 = week('2026-W47');
    expect(iso(w47.from)).toBe('2026-11-16T00:00:00.000Z');
    expect(iso(w47.to)).toBe('2026-11-23T00:00:00.000Z');
    expect(w47.label).toBe('2026-W47');
    expect(periodDates(w47)).toBe('Nov 16–22, 2026');
  });

  it('knows which years have 53 weeks', () => {
    // A year has 53 weeks when it starts on a Thursday, or is a leap year starting on a Wednesday.
    expect(weeksInYear(2026)).toBe(53); // Jan 1 2026 is a Thursday
    expect(weeksInYear(2020)).toBe(53); // leap year, Jan 1 a Wednesday
    expect(weeksInYear(2015)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    expect(weeksInYear(2027)).toBe(52);
  });

  it('puts W53 and W01 across the year boundary', () => {
    const w53 = week('2026-W53');
    expect(iso(w53.from)).toBe('2026-12-28T00:00:00.000Z');
    expect(iso(w53.to)).toBe('2027-01-04T00:00:00.000Z');
    expect(periodDates(w53)).toBe('Dec 28, 2026 – Jan 3, 2027');
    // January 1st to 3rd 2027 belong to 2026-W53; 2027-W01 starts on the 4th.
    expect(isoWeekOf(Date.UTC(2027, 0, 3, 23, 59))).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(Date.UTC(2027, 0, 4))).toEqual({ year: 2027, week: 1 });
    // December 29th 2025 (a Monday) is already 2026-W01.
    expect(isoWeekOf(Date.UTC(2025, 11, 29))).toEqual({ year: 2026, week: 1 });
    expect(iso(week('2026-W01').from)).toBe('2025-12-29T00:00:00.000Z');
    expect(previous(week('2027-W01')).label).toBe('2026-W53');
    expect(previous(week('2026-W01')).label).toBe('2025-W52');
    expect(weekContaining(w53.to).label).toBe('2027-W01');
  });

  it('refuses weeks that do not exist and text that is not a week', () => {
    expect(parseWeek('2025-W53')).toEqual({ kind: 'invalid', reason: '2025 has weeks 1 to 52; there is no week 53' });
    expect(parseWeek('2026-W00').kind).toBe('invalid');
    expect(parseWeek('2026-47')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('YYYY-Www') });
    expect(week('2026w05').label).toBe('2026-W05');
  });

  it('gives the last closed week: never the one still running', () => {
    // Wednesday of W48: the last closed week is W47.
    expect(lastClosed('week', Date.UTC(2026, 10, 25, 12)).label).toBe('2026-W47');
    // Monday 00:00 exactly: the week before has just closed.
    expect(lastClosed('week', Date.UTC(2026, 10, 23)).label).toBe('2026-W47');
    expect(lastClosed('week', Date.UTC(2027, 0, 5)).label).toBe('2026-W53');
  });
});

describe('months', () => {
  it('parses months and finds the previous one across a year', () => {
    const result = parseMonth('2026-01');
    if (result.kind !== 'ok') throw new Error(result.reason);
    expect(iso(result.period.from)).toBe('2026-01-01T00:00:00.000Z');
    expect(iso(result.period.to)).toBe('2026-02-01T00:00:00.000Z');
    expect(previous(result.period).label).toBe('2025-12');
    expect(parseMonth('2026-13').kind).toBe('invalid');
    expect(lastClosed('month', Date.UTC(2026, 11, 1)).label).toBe('2026-11');
  });

  it('cuts the ISO weeks overlapping a month to the month', () => {
    const weeks = weeksOf(monthPeriod(2026, 11));
    expect(weeks.map((w) => w.label)).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    expect(iso(weeks[0]?.from ?? 0)).toBe('2026-11-01T00:00:00.000Z'); // a Sunday: W44 cut to one day
    expect(iso(weeks[5]?.to ?? 0)).toBe('2026-12-01T00:00:00.000Z'); // Monday Nov 30 only
  });
});

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

describe('periods in a time zone', () => {
  const NY = 'America/New_York';

  it('starts a week at Monday 00:00 local time, 167 or 169 hours long across a daylight-saving change', () => {
    const week = weekContaining(Date.parse('2026-10-28T12:00:00Z'), NY); // New York leaves daylight time on Sunday Nov 1, 2026
    expect(week.label).toBe('2026-W44');
    expect(iso(week.from)).toBe('2026-10-26T04:00:00.000Z'); // Monday 00:00 EDT
    expect(iso(week.to)).toBe('2026-11-02T05:00:00.000Z'); // Monday 00:00 EST
    expect((week.to - week.from) / 3_600_000).toBe(169);
    const spring = weekContaining(Date.parse('2026-03-04T12:00:00Z'), NY); // clocks go forward on Sunday Mar 8, the week's last day
    expect((spring.to - spring.from) / 3_600_000).toBe(167);
    expect(periodDates(week)).toBe('Oct 26–Nov 1, 2026');
  });

  it('puts an instant in the local week and month: late Sunday in New York is already Monday in UTC', () => {
    const sundayNight = Date.parse('2026-11-23T03:00:00Z'); // Sunday Nov 22, 22:00 in New York
    expect(weekContaining(sundayNight, NY).label).toBe('2026-W47');
    expect(weekContaining(sundayNight).label).toBe('2026-W48');
    const lastEvening = Date.parse('2026-12-01T02:00:00Z'); // Nov 30, 21:00 in New York
    expect(lastClosed('month', lastEvening, NY).label).toBe('2026-10');
    expect(lastClosed('month', lastEvening).label).toBe('2026-11');
  });

  it('parses a week or month into the zone, and keeps the zone through previous() and weeksOf()', () => {
    const week = parseWeek('2026-W47', 'Asia/Kolkata');
    if (week.kind !== 'ok') throw new Error(week.reason);
    expect(iso(week.period.from)).toBe('2026-11-15T18:30:00.000Z');
    expect(previous(week.period)).toMatchObject({ label: '2026-W46', zone: 'Asia/Kolkata', to: week.period.from });
    const month = parseMonth('2026-11', NY);
    if (month.kind !== 'ok') throw new Error(month.reason);
    expect([iso(month.period.from), iso(month.period.to)]).toEqual(['2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z']);
    const weeks = weeksOf(month.period);
    expect(weeks[0]).toMatchObject({ label: '2026-W44', zone: NY, from: month.period.from });
    expect(weeks.at(-1)?.to).toBe(month.period.to);
    expect(weeks.every((w, i) => i === 0 || w.from === weeks[i - 1]?.to)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { formatLocal, fromLocal, isTimeZone, offsetAt, parseDate, parseInstant, toLocal, weekdayOfDay } from './zone.js';

const H = 3_600_000;
const t = (iso: string): number => Date.parse(iso);
const local = (year: number, month: number, day: number, hour: number, minute = 0) => ({ year, month, day, hour, minute, second: 0 });

describe('isTimeZone', () => {
  it('knows IANA names and UTC, and nothing else', () => {
    expect(isTimeZone('Europe/Lisbon')).toBe(true);
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Lisboa')).toBe(false);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('offsets around the 2026 DST changes', () => {
  it('Europe/Lisbon moves from +0 to +1 at 01:00Z on 2026-03-29 and back at 01:00Z on 2026-10-25', () => {
    expect(offsetAt(t('2026-03-29T00:59:59Z'), 'Europe/Lisbon')).toBe(0);
    expect(offsetAt(t('2026-03-29T01:00:00Z'), 'Europe/Lisbon')).toBe(H);
    expect(offsetAt(t('2026-10-25T00:59:59Z'), 'Europe/Lisbon')).toBe(H);
    expect(offsetAt(t('2026-10-25T01:00:00Z'), 'Europe/Lisbon')).toBe(0);
  });

  it('America/New_York moves from -5 to -4 on 2026-03-08 and back on 2026-11-01', () => {
    expect(offsetAt(t('2026-03-08T06:59:59Z'), 'America/New_York')).toBe(-5 * H);
    expect(offsetAt(t('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(-4 * H);
    expect(offsetAt(t('2026-11-01T05:59:59Z'), 'America/New_York')).toBe(-4 * H);
    expect(offsetAt(t('2026-11-01T06:00:00Z'), 'America/New_York')).toBe(-5 * H);
  });

  it('reads the local date-time of an instant', () => {
    expect(toLocal(t('2026-03-30T08:00:00Z'), 'Europe/Lisbon')).toEqual(local(2026, 3, 30, 9));
    expect(toLocal(t('2026-01-01T00:30:00Z'), 'America/New_York')).toEqual({ ...local(2025, 12, 31, 19), minute: 30 });
    expect(toLocal(t('2026-01-01T16:00:00Z'), 'Asia/Singapore')).toEqual(local(2026, 1, 2, 0));
  });
});

describe('fromLocal: the instant of a wall-clock time', () => {
  it('uses the offset in force on that date', () => {
    expect(fromLocal(local(2026, 3, 23, 9), 'Europe/Lisbon')).toBe(t('2026-03-23T09:00:00Z'));
    expect(fromLocal(local(2026, 3, 30, 9), 'Europe/Lisbon')).toBe(t('2026-03-30T08:00:00Z'));
    expect(fromLocal(local(2026, 3, 9, 9), 'America/New_York')).toBe(t('2026-03-09T13:00:00Z'));
    expect(fromLocal(local(2026, 11, 2, 9), 'America/New_York')).toBe(t('2026-11-02T14:00:00Z'));
    expect(fromLocal(local(2026, 7, 1, 9), 'Asia/Singapore')).toBe(t('2026-07-01T01:00:00Z'));
  });

  it('moves a time the clocks skip forward by the gap', () => {
    // Lisbon skips 01:00-02:00 on 2026-03-29: 01:30 becomes 02:30 WEST.
    expect(fromLocal({ ...local(2026, 3, 29, 1), minute: 30 }, 'Europe/Lisbon')).toBe(t('2026-03-29T01:30:00Z'));
    // New York skips 02:00-03:00 on 2026-03-08: 02:30 becomes 03:30 EDT.
    expect(fromLocal({ ...local(2026, 3, 8, 2), minute: 30 }, 'America/New_York')).toBe(t('2026-03-08T07:30:00Z'));
  });

  it('takes the first of a time the clocks repeat', () => {
    expect(fromLocal({ ...local(2026, 10, 25, 1), minute: 30 }, 'Europe/Lisbon')).toBe(t('2026-10-25T00:30:00Z'));
    expect(fromLocal({ ...local(2026, 11, 1, 1), minute: 30 }, 'America/New_York')).toBe(t('2026-11-01T05:30:00Z'));
  });
});

describe('dates and instants as the plan writes them', () => {
  it('accepts real dates only', () => {
    expect(parseDate('2026-01-05')).toBe(Date.UTC(2026, 0, 5) / 86_400_000);
    expect(parseDate('2026-02-29')).toBeUndefined();
    expect(parseDate('2026-1-5')).toBeUndefined();
    expect(weekdayOfDay(parseDate('2026-01-05') ?? 0)).toBe('monday');
    expect(weekdayOfDay(parseDate('1970-01-01') ?? 0)).toBe('thursday');
    expect(weekdayOfDay(parseDate('1969-12-29') ?? 0)).toBe('monday');
  });

  it('reads an instant with Z or an offset', () => {
    expect(parseInstant('2026-12-24T00:00Z')).toEqual({ kind: 'ok', at: t('2026-12-24T00:00:00Z') });
    expect(parseInstant('2026-12-24T09:00:00.5+01:00')).toEqual({ kind: 'ok', at: t('2026-12-24T08:00:00.500Z') });
    expect(parseInstant('2026-12-24T09:00-0530')).toEqual({ kind: 'ok', at: t('2026-12-24T14:30:00Z') });
    expect(parseInstant('2026-12-24 09:00-05')).toEqual({ kind: 'ok', at: t('2026-12-24T14:00:00Z') });
  });

  it('reads a time without a zone in the zone given, and refuses it without one', () => {
    expect(parseInstant('2026-07-01T09:00', 'Europe/Lisbon')).toEqual({ kind: 'ok', at: t('2026-07-01T08:00:00Z') });
    expect(parseInstant('2026-12-24', 'America/New_York')).toEqual({ kind: 'ok', at: t('2026-12-24T05:00:00Z') });
    expect(parseInstant('2026-12-24T09:00')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('no time zone') });
  });

  it('refuses what is not a date-time', () => {
    for (const text of ['2026-12-24T24:00Z', '2026-02-30T00:00Z', 'tomorrow', '2026-12-24Z', '1798070400000']) {
      expect(parseInstant(text, 'UTC')).toMatchObject({ kind: 'invalid' });
    }
  });

  it('formats an instant as people in a zone read it', () => {
    expect(formatLocal(t('2026-03-30T08:00:00Z'), 'Europe/Lisbon')).toBe('Mon 2026-03-30 09:00');
    expect(formatLocal(t('2026-03-30T08:00:00Z'), 'America/New_York')).toBe('Mon 2026-03-30 04:00');
    expect(formatLocal(t('2026-03-30T08:00:00Z'), 'Asia/Singapore')).toBe('Mon 2026-03-30 16:00');
  });
});

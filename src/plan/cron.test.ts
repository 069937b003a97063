import { describe, expect, it } from 'vitest';
import { latestRun, nextRun, parseCron, type CronSchedule } from './cron.js';

function cron(expression: string, timezone = 'UTC'): CronSchedule {
  const result = parseCron(expression, timezone);
  if (result.kind !== 'ok') throw new Error(result.reason);
  return result.schedule;
}

const at = (text: string): number => Date.parse(text);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

describe('parseCron', () => {
  it('takes five fields with names, ranges, steps and lists', () => {
    expect(iso(nextRun(cron('0 9 * * MON'), at('2026-11-18T12:00:00Z')))).toBe('2026-11-23T09:00:00.000Z');
    expect(iso(nextRun(cron('*/15 8-10 * * 1-5'), at('2026-11-20T10:50:00Z')))).toBe('2026-11-23T08:00:00.000Z'); // Friday → Monday
    expect(iso(nextRun(cron('30 6 1,15 JAN,JUL *'), at('2026-01-02T00:00:00Z')))).toBe('2026-01-15T06:30:00.000Z');
    expect(iso(nextRun(cron('0 9 1 * *'), at('2026-11-01T09:00:00Z')))).toBe('2026-12-01T09:00:00.000Z'); // strictly after
  });

  it('refuses other field counts and bad fields with the reason', () => {
    expect(parseCron('0 0 9 * * MON', 'UTC')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('has 6 fields') });
    expect(parseCron('0 9 * *', 'UTC')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('has 4 fields') });
    expect(parseCron('0 25 * * *', 'UTC')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('is not a cron schedule') });
    expect(parseCron('0 9 * * FUNDAY', 'UTC').kind).toBe('invalid');
    expect(parseCron('0 9 31 2 *', 'UTC')).toMatchObject({ kind: 'invalid' });
  });
});

describe('time zones and daylight saving', () => {
  it('runs at 09:00 local time on both sides of a change of offset', () => {
    const lisbon = cron('0 9 * * MON', 'Europe/Lisbon');
    // Summer: WEST is UTC+1, so 09:00 local is 08:00 UTC.
    expect(iso(nextRun(lisbon, at('2026-10-20T00:00:00Z')))).toBe('2026-10-26T09:00:00.000Z'); // Oct 25: clocks went back, WET = UTC
    expect(iso(nextRun(lisbon, at('2026-10-13T00:00:00Z')))).toBe('2026-10-19T08:00:00.000Z');
    expect(iso(nextRun(lisbon, at('2026-03-24T00:00:00Z')))).toBe('2026-03-30T08:00:00.000Z'); // Mar 29: clocks went forward
  });

  it('runs once when a local time repeats, and still runs when it is skipped', () => {
    // New York, 2026-11-01: 01:30 happens twice (EDT then EST).
    const ny = cron('30 1 * * *', 'America/New_York');
    const first = nextRun(ny, at('2026-11-01T00:00:00Z'));
    expect(iso(first)).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(nextRun(ny, first ?? 0))).toBe('2026-11-02T06:30:00.000Z');
    // 2026-03-08: 02:30 does not exist in New York; the run is not lost.
    const skipped = nextRun(cron('30 2 * * *', 'America/New_York'), at('2026-03-08T05:00:00Z'));
    expect(skipped).not.toBeNull();
    expect(skipped ?? 0).toBeLessThan(at('2026-03-09T00:00:00Z'));
  });
});

describe('latestRun', () => {
  it('finds the last run in a span, or none', () => {
    const weekly = cron('0 9 * * MON');
    expect(iso(latestRun(weekly, at('2026-11-01T00:00:00Z'), at('2026-11-25T00:00:00Z')))).toBe('2026-11-23T09:00:00.000Z');
    expect(latestRun(weekly, at('2026-11-23T09:00:00Z'), at('2026-11-25T00:00:00Z'))).toBeNull();
    expect(iso(latestRun(weekly, at('2026-11-23T08:59:59Z'), at('2026-11-23T09:00:00Z')))).toBe('2026-11-23T09:00:00.000Z');
  });

  it('finds it after a very long gap too', () => {
    const minutely = cron('* * * * *');
    expect(iso(latestRun(minutely, at('2026-01-01T00:00:00Z'), at('2026-11-23T09:00:30Z')))).toBe('2026-11-23T09:00:00.000Z');
  });
});

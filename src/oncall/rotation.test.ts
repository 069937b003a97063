import { describe, expect, it } from 'vitest';
import { handoffInstant, nextHandoffs, onCallAt } from './rotation.js';
import type { Override, Rotation, Schedule } from '../plan/oncall-types.js';

const H = 3_600_000;
const t = (iso: string): number => Date.parse(iso);

function schedule(rotation: Partial<Rotation>, overrides: Override[] = []): Schedule {
  return {
    id: 'test',
    rotation: { everyDays: 7, handoff: { weekday: 'monday', minute: 9 * 60 }, timezone: 'UTC', people: ['ana', 'ben', 'cleo'], start: '2026-01-05', ...rotation },
    overrides,
  };
}

/** The primary: weekly, Monday 09:00 in Lisbon, from Monday 2026-01-05. */
const lisbon = schedule({ timezone: 'Europe/Lisbon' });

describe('a weekly rotation in Lisbon across the 2026 European DST changes', () => {
  it('starts with the first person at the first handoff and goes round', () => {
    expect(onCallAt(lisbon, t('2026-01-05T09:00:00Z'))).toEqual({ person: 'ana', source: 'rotation', shiftStart: t('2026-01-05T09:00:00Z'), shiftEnd: t('2026-01-12T09:00:00Z') });
    expect(onCallAt(lisbon, t('2026-01-12T08:59:59Z')).person).toBe('ana');
    expect(onCallAt(lisbon, t('2026-01-12T09:00:00Z')).person).toBe('ben');
    expect(onCallAt(lisbon, t('2026-01-19T09:00:00Z')).person).toBe('cleo');
    expect(onCallAt(lisbon, t('2026-01-26T09:00:00Z')).person).toBe('ana');
  });

  it('hands over at 09:00 Lisbon time on both sides of 2026-03-29: that week is 167 hours', () => {
    // Week 11 (cleo) begins at 09:00 WET = 09:00Z; week 12 (ana) at 09:00 WEST = 08:00Z.
    const spring = onCallAt(lisbon, t('2026-03-25T12:00:00Z'));
    expect(spring).toEqual({ person: 'cleo', source: 'rotation', shiftStart: t('2026-03-23T09:00:00Z'), shiftEnd: t('2026-03-30T08:00:00Z') });
    expect(spring.shiftEnd - spring.shiftStart).toBe(167 * H);
    // At 08:30Z on 2026-03-30 it is 09:30 in Lisbon: ana's week has begun (a fixed 168 h week would still say cleo).
    expect(onCallAt(lisbon, t('2026-03-30T08:30:00Z')).person).toBe('ana');
  });

  it('and on both sides of 2026-10-25: that week is 169 hours', () => {
    const autumn = onCallAt(lisbon, t('2026-10-25T12:00:00Z'));
    expect(autumn).toEqual({ person: 'cleo', source: 'rotation', shiftStart: t('2026-10-19T08:00:00Z'), shiftEnd: t('2026-10-26T09:00:00Z') });
    expect(autumn.shiftEnd - autumn.shiftStart).toBe(169 * H);
    expect(onCallAt(lisbon, t('2026-10-26T08:30:00Z')).person).toBe('cleo');
    expect(onCallAt(lisbon, t('2026-10-26T09:00:00Z')).person).toBe('ana');
  });

  it('is periodic before its start too: start fixes the phase', () => {
    expect(onCallAt(lisbon, t('2026-01-04T12:00:00Z'))).toEqual({ person: 'cleo', source: 'rotation', shiftStart: t('2025-12-29T09:00:00Z'), shiftEnd: t('2026-01-05T09:00:00Z') });
  });

  it('lists the next handoffs, each shift beginning where the previous ends', () => {
    expect(nextHandoffs(lisbon, t('2026-03-25T12:00:00Z'), 3)).toEqual([
      { person: 'ana', source: 'rotation', shiftStart: t('2026-03-30T08:00:00Z'), shiftEnd: t('2026-04-06T08:00:00Z') },
      { person: 'ben', source: 'rotation', shiftStart: t('2026-04-06T08:00:00Z'), shiftEnd: t('2026-04-13T08:00:00Z') },
      { person: 'cleo', source: 'rotation', shiftStart: t('2026-04-13T08:00:00Z'), shiftEnd: t('2026-04-20T08:00:00Z') },
    ]);
    expect(nextHandoffs(lisbon, t('2026-03-25T12:00:00Z'), 0)).toEqual([]);
  });
});

describe('a weekly rotation in New York across the 2026 US DST changes', () => {
  const ny = schedule({ timezone: 'America/New_York', people: ['ben', 'dan'] });

  it('hands over at 09:00 New York time: 14:00Z in winter, 13:00Z in summer', () => {
    expect(onCallAt(ny, t('2026-03-05T00:00:00Z'))).toMatchObject({ shiftStart: t('2026-03-02T14:00:00Z'), shiftEnd: t('2026-03-09T13:00:00Z') });
    expect(onCallAt(ny, t('2026-11-01T12:00:00Z'))).toMatchObject({ shiftStart: t('2026-10-26T13:00:00Z'), shiftEnd: t('2026-11-02T14:00:00Z') });
    expect(onCallAt(ny, t('2026-03-09T13:00:00Z')).person).not.toBe(onCallAt(ny, t('2026-03-09T12:59:59Z')).person);
  });

  it('moves a handoff in the skipped hour to just after it, and takes the first of a repeated hour', () => {
    const daily = (minute: number) => schedule({ timezone: 'America/New_York', everyDays: 1, handoff: { weekday: null, minute }, start: '2026-03-01' });
    const gap = daily(2 * 60 + 30);
    // 02:30 does not exist on 2026-03-08: that handoff is at 03:30 EDT (07:30Z); the day is 24 h, the next 23 h.
    expect(onCallAt(gap, t('2026-03-08T07:00:00Z'))).toMatchObject({ shiftStart: t('2026-03-07T07:30:00Z'), shiftEnd: t('2026-03-08T07:30:00Z') });
    expect(onCallAt(gap, t('2026-03-08T08:00:00Z'))).toMatchObject({ shiftStart: t('2026-03-08T07:30:00Z'), shiftEnd: t('2026-03-09T06:30:00Z') });
    const overlap = daily(90);
    // 01:30 happens twice on 2026-11-01: the handoff is the first (EDT, 05:30Z); that day is 25 h.
    expect(onCallAt(overlap, t('2026-11-01T12:00:00Z'))).toMatchObject({ shiftStart: t('2026-11-01T05:30:00Z'), shiftEnd: t('2026-11-02T06:30:00Z') });
  });
});

describe('people in different time zones', () => {
  // A Singapore schedule (no DST): Monday 09:00 there is always Monday 01:00Z, whoever is on call and wherever they live.
  const sg = schedule({ timezone: 'Asia/Singapore', people: ['cleo', 'ben'] });

  it('hands over at the schedule zone wall-clock time, which moves for a person in New York', () => {
    const before = onCallAt(sg, t('2026-03-03T00:00:00Z'));
    const after = onCallAt(sg, t('2026-03-10T00:00:00Z'));
    expect(before.shiftStart).toBe(t('2026-03-02T01:00:00Z')); // Sunday 20:00 EST in New York
    expect(after.shiftStart).toBe(t('2026-03-09T01:00:00Z')); // Sunday 21:00 EDT in New York
    expect(after.shiftStart - before.shiftStart).toBe(168 * H);
    expect([before.person, after.person]).toEqual(['cleo', 'ben']);
  });
});

describe('a 2-week rotation handing over on Wednesday evening in Berlin', () => {
  // Start on a Sunday: the first handoff is the following Wednesday, 2026-03-04 18:00 CET.
  const berlin = schedule({ timezone: 'Europe/Berlin', everyDays: 14, handoff: { weekday: 'wednesday', minute: 18 * 60 }, people: ['ana', 'ben'], start: '2026-03-01' });
  const berlinRotation: Rotation = { everyDays: 14, handoff: { weekday: 'wednesday', minute: 18 * 60 }, timezone: 'Europe/Berlin', people: ['ana', 'ben'], start: '2026-03-01' };

  it('anchors at the first Wednesday on or after start and holds each person two weeks', () => {
    expect(handoffInstant(berlinRotation, 0)).toBe(t('2026-03-04T17:00:00Z'));
    expect(onCallAt(berlin, t('2026-03-10T00:00:00Z'))).toEqual({ person: 'ana', source: 'rotation', shiftStart: t('2026-03-04T17:00:00Z'), shiftEnd: t('2026-03-18T17:00:00Z') });
    // The next handoff is after Berlin's change to CEST on 2026-03-29: 18:00 CEST is 16:00Z.
    expect(onCallAt(berlin, t('2026-03-25T00:00:00Z'))).toEqual({ person: 'ben', source: 'rotation', shiftStart: t('2026-03-18T17:00:00Z'), shiftEnd: t('2026-04-01T16:00:00Z') });
    expect(onCallAt(berlin, t('2026-04-01T16:00:00Z')).person).toBe('ana');
    expect(onCallAt(berlin, t('2026-03-01T00:00:00Z')).person).toBe('ben');
  });
});

describe('overrides', () => {
  // Week 50 of the Lisbon rotation (Monday 2026-12-21 09:00Z to 2026-12-28 09:00Z) is cleo's; ben covers Christmas.
  const christmas = schedule({ timezone: 'Europe/Lisbon' }, [{ person: 'ben', from: t('2026-12-24T00:00:00Z'), to: t('2026-12-27T00:00:00Z') }]);

  it('win for their span, and cut the rotation shift around them', () => {
    expect(onCallAt(christmas, t('2026-12-22T00:00:00Z'))).toEqual({ person: 'cleo', source: 'rotation', shiftStart: t('2026-12-21T09:00:00Z'), shiftEnd: t('2026-12-24T00:00:00Z') });
    expect(onCallAt(christmas, t('2026-12-24T00:00:00Z'))).toEqual({ person: 'ben', source: 'override', shiftStart: t('2026-12-24T00:00:00Z'), shiftEnd: t('2026-12-27T00:00:00Z') });
    expect(onCallAt(christmas, t('2026-12-26T23:59:59Z')).person).toBe('ben');
    expect(onCallAt(christmas, t('2026-12-27T00:00:00Z'))).toEqual({ person: 'cleo', source: 'rotation', shiftStart: t('2026-12-27T00:00:00Z'), shiftEnd: t('2026-12-28T09:00:00Z') });
  });

  it('appear among the next handoffs, and the rotation resumes after them', () => {
    expect(nextHandoffs(christmas, t('2026-12-22T00:00:00Z'), 3)).toEqual([
      { person: 'ben', source: 'override', shiftStart: t('2026-12-24T00:00:00Z'), shiftEnd: t('2026-12-27T00:00:00Z') },
      { person: 'cleo', source: 'rotation', shiftStart: t('2026-12-27T00:00:00Z'), shiftEnd: t('2026-12-28T09:00:00Z') },
      { person: 'ana', source: 'rotation', shiftStart: t('2026-12-28T09:00:00Z'), shiftEnd: t('2027-01-04T09:00:00Z') },
    ]);
  });

  it('may span a handoff: the override holds across it, the next person takes over when it ends', () => {
    const across = schedule({ timezone: 'Europe/Lisbon' }, [{ person: 'dan', from: t('2026-12-27T00:00:00Z'), to: t('2026-12-29T00:00:00Z') }]);
    expect(onCallAt(across, t('2026-12-28T09:00:00Z'))).toMatchObject({ person: 'dan', source: 'override' });
    expect(onCallAt(across, t('2026-12-29T00:00:00Z'))).toEqual({ person: 'ana', source: 'rotation', shiftStart: t('2026-12-29T00:00:00Z'), shiftEnd: t('2027-01-04T09:00:00Z') });
  });
});

import { describe, expect, it } from 'vitest';
import { nextHandoffs, onCallAt } from './rotation.js';
import type { Layer, Override, Restriction, Rotation, Schedule } from '../plan/oncall-types.js';

const H = 3_600_000;
const t = (iso: string): number => Date.parse(iso);
const WEEKDAYS_ONLY: Restriction['weekdays'] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

function rotation(fields: Partial<Rotation>): Rotation {
  return { everyDays: 7, handoff: { weekday: 'monday', minute: 9 * 60 }, timezone: 'Europe/Lisbon', people: ['ana'], start: '2026-01-05', ...fields };
}
const layered = (layers: Layer[], overrides: Override[] = [], timezone = 'Europe/Lisbon'): Schedule => ({ id: 'layered', layers, timezone, overrides });

/** Seed 003's day: primary 09:00–18:00 on weekdays over a secondary that holds nights and weekends. */
const nights: Layer = { name: 'nights', rotation: rotation({ people: ['cleo', 'ana', 'ben'] }), restrict: [] };
const days: Layer = { name: 'days', rotation: rotation({ people: ['ana', 'ben', 'cleo'] }), restrict: [{ weekdays: WEEKDAYS_ONLY, times: [{ start: 9 * 60, end: 18 * 60 }] }] };
const dayNight = layered([nights, days]);

describe('a day layer over a night layer in Lisbon', () => {
  it('gives the day to the higher layer and the rest to the lower, each shift bounded by the other', () => {
    // Week 11 from 2026-01-05: days cleo, nights ben; week 10's night person (ana) still holds Monday morning.
    expect(onCallAt(dayNight, t('2026-03-23T08:30:00Z'))).toEqual({ person: 'ana', source: 'rotation', layer: 'nights', shiftStart: t('2026-03-20T18:00:00Z'), shiftEnd: t('2026-03-23T09:00:00Z') });
    expect(onCallAt(dayNight, t('2026-03-27T12:00:00Z'))).toEqual({ person: 'cleo', source: 'rotation', layer: 'days', shiftStart: t('2026-03-27T09:00:00Z'), shiftEnd: t('2026-03-27T18:00:00Z') });
    expect(onCallAt(dayNight, t('2026-03-27T17:59:59Z')).person).toBe('cleo');
    expect(onCallAt(dayNight, t('2026-03-25T23:00:00Z'))).toMatchObject({ person: 'ben', layer: 'nights', shiftStart: t('2026-03-25T18:00:00Z'), shiftEnd: t('2026-03-26T09:00:00Z') });
  });

  it('keeps 09:00 and 18:00 Lisbon time across the spring change: that weekend is 62 hours', () => {
    const weekend = onCallAt(dayNight, t('2026-03-28T12:00:00Z'));
    expect(weekend).toEqual({ person: 'ben', source: 'rotation', layer: 'nights', shiftStart: t('2026-03-27T18:00:00Z'), shiftEnd: t('2026-03-30T08:00:00Z') });
    expect(weekend.shiftEnd - weekend.shiftStart).toBe(62 * H);
    // Week 12: days ana, nights cleo; 09:00–18:00 WEST is 08:00Z–17:00Z.
    expect(onCallAt(dayNight, t('2026-03-30T08:00:00Z'))).toEqual({ person: 'ana', source: 'rotation', layer: 'days', shiftStart: t('2026-03-30T08:00:00Z'), shiftEnd: t('2026-03-30T17:00:00Z') });
    expect(onCallAt(dayNight, t('2026-03-30T17:00:00Z'))).toMatchObject({ person: 'cleo', layer: 'nights', shiftEnd: t('2026-03-31T08:00:00Z') });
  });

  it('and across the autumn change: that weekend is 64 hours', () => {
    // Week 41: days cleo, nights ben; Friday 18:00 WEST is 17:00Z, Monday 09:00 WET is 09:00Z.
    expect(onCallAt(dayNight, t('2026-10-23T10:00:00Z'))).toMatchObject({ person: 'cleo', layer: 'days', shiftStart: t('2026-10-23T08:00:00Z'), shiftEnd: t('2026-10-23T17:00:00Z') });
    const weekend = onCallAt(dayNight, t('2026-10-25T12:00:00Z'));
    expect(weekend).toMatchObject({ person: 'ben', layer: 'nights', shiftStart: t('2026-10-23T17:00:00Z'), shiftEnd: t('2026-10-26T09:00:00Z') });
    expect(weekend.shiftEnd - weekend.shiftStart).toBe(64 * H);
    expect(onCallAt(dayNight, t('2026-10-26T09:00:00Z'))).toMatchObject({ person: 'ana', layer: 'days', shiftEnd: t('2026-10-26T18:00:00Z') });
  });

  it('lets overrides win over both layers and cut them', () => {
    const covered = layered([nights, days], [{ person: 'dan', from: t('2026-03-27T12:00:00Z'), to: t('2026-03-27T20:00:00Z') }]);
    expect(onCallAt(covered, t('2026-03-27T10:00:00Z'))).toMatchObject({ person: 'cleo', layer: 'days', shiftStart: t('2026-03-27T09:00:00Z'), shiftEnd: t('2026-03-27T12:00:00Z') });
    expect(onCallAt(covered, t('2026-03-27T15:00:00Z'))).toEqual({ person: 'dan', source: 'override', shiftStart: t('2026-03-27T12:00:00Z'), shiftEnd: t('2026-03-27T20:00:00Z') });
    expect(onCallAt(covered, t('2026-03-27T20:00:00Z'))).toMatchObject({ person: 'ben', layer: 'nights', shiftStart: t('2026-03-27T20:00:00Z'), shiftEnd: t('2026-03-30T08:00:00Z') });
  });

  it('lists the next shifts, each beginning where the previous ends', () => {
    expect(nextHandoffs(dayNight, t('2026-03-27T12:00:00Z'), 3)).toEqual([
      { person: 'ben', source: 'rotation', layer: 'nights', shiftStart: t('2026-03-27T18:00:00Z'), shiftEnd: t('2026-03-30T08:00:00Z') },
      { person: 'ana', source: 'rotation', layer: 'days', shiftStart: t('2026-03-30T08:00:00Z'), shiftEnd: t('2026-03-30T17:00:00Z') },
      { person: 'cleo', source: 'rotation', layer: 'nights', shiftStart: t('2026-03-30T17:00:00Z'), shiftEnd: t('2026-03-31T08:00:00Z') },
    ]);
  });

  it('runs a night range past midnight, from the weekday it starts on', () => {
    const lateOnly: Layer = { name: 'late', rotation: rotation({ people: ['ben'] }), restrict: [{ weekdays: ['friday'], times: [{ start: 22 * 60, end: 6 * 60 }] }] };
    const s = layered([lateOnly]);
    // Friday 2026-03-27 22:00 WET (22:00Z) to Saturday 06:00 WET (06:00Z); nobody before or after.
    expect(onCallAt(s, t('2026-03-28T03:00:00Z'))).toEqual({ person: 'ben', source: 'rotation', layer: 'late', shiftStart: t('2026-03-27T22:00:00Z'), shiftEnd: t('2026-03-28T06:00:00Z') });
    expect(onCallAt(s, t('2026-03-28T06:00:00Z'))).toEqual({ person: null, source: 'none', shiftStart: t('2026-03-28T06:00:00Z'), shiftEnd: t('2026-04-03T21:00:00Z') });
  });
});

describe('follow the sun: a Lisbon layer and a New York layer, 07:00–15:00 and 10:00–18:00 in their own zones', () => {
  const europe: Layer = { name: 'europe', rotation: rotation({ people: ['ana'] }), restrict: [{ weekdays: WEEKDAYS_ONLY, times: [{ start: 7 * 60, end: 15 * 60 }] }] };
  const americas: Layer = {
    name: 'americas',
    rotation: rotation({ people: ['ben'], timezone: 'America/New_York' }),
    restrict: [{ weekdays: WEEKDAYS_ONLY, times: [{ start: 10 * 60, end: 18 * 60 }] }],
  };
  const sun = layered([europe, americas], [], 'UTC');

  it('in winter, hands from Lisbon to New York at 15:00Z and leaves a gap at night', () => {
    expect(onCallAt(sun, t('2026-03-03T12:00:00Z'))).toMatchObject({ person: 'ana', layer: 'europe', shiftStart: t('2026-03-03T07:00:00Z'), shiftEnd: t('2026-03-03T15:00:00Z') });
    expect(onCallAt(sun, t('2026-03-03T16:00:00Z'))).toMatchObject({ person: 'ben', layer: 'americas', shiftStart: t('2026-03-03T15:00:00Z'), shiftEnd: t('2026-03-03T23:00:00Z') });
    expect(onCallAt(sun, t('2026-03-04T01:00:00Z'))).toEqual({ person: null, source: 'none', shiftStart: t('2026-03-03T23:00:00Z'), shiftEnd: t('2026-03-04T07:00:00Z') });
  });

  it('between the US and the European spring changes, New York (the higher layer) takes the hour they overlap', () => {
    expect(onCallAt(sun, t('2026-03-10T12:00:00Z'))).toMatchObject({ person: 'ana', shiftStart: t('2026-03-10T07:00:00Z'), shiftEnd: t('2026-03-10T14:00:00Z') });
    expect(onCallAt(sun, t('2026-03-10T14:00:00Z'))).toMatchObject({ person: 'ben', shiftStart: t('2026-03-10T14:00:00Z'), shiftEnd: t('2026-03-10T22:00:00Z') });
    expect(onCallAt(sun, t('2026-03-31T12:00:00Z'))).toMatchObject({ person: 'ana', shiftStart: t('2026-03-31T06:00:00Z'), shiftEnd: t('2026-03-31T14:00:00Z') });
  });

  it('and between the European and the US autumn changes likewise', () => {
    expect(onCallAt(sun, t('2026-10-27T12:00:00Z'))).toMatchObject({ person: 'ana', shiftStart: t('2026-10-27T07:00:00Z'), shiftEnd: t('2026-10-27T14:00:00Z') });
    expect(onCallAt(sun, t('2026-11-03T12:00:00Z'))).toMatchObject({ person: 'ana', shiftStart: t('2026-11-03T07:00:00Z'), shiftEnd: t('2026-11-03T15:00:00Z') });
    expect(onCallAt(sun, t('2026-11-03T15:00:00Z'))).toMatchObject({ person: 'ben', shiftStart: t('2026-11-03T15:00:00Z'), shiftEnd: t('2026-11-03T23:00:00Z') });
  });
});

describe('a layer handing over every 12 hours in New York', () => {
  const twelve: Layer = { name: 'half-days', rotation: rotation({ everyDays: 0.5, handoff: { weekday: null, minute: 9 * 60 }, timezone: 'America/New_York', people: ['ana', 'ben'], start: '2026-03-07' }), restrict: [] };
  const s = layered([twelve], [], 'America/New_York');

  it('hands over at 09:00 and 21:00 local: the night the clocks go forward is 11 hours', () => {
    expect(onCallAt(s, t('2026-03-07T15:00:00Z'))).toMatchObject({ person: 'ana', shiftStart: t('2026-03-07T14:00:00Z'), shiftEnd: t('2026-03-08T02:00:00Z') });
    const night = onCallAt(s, t('2026-03-08T05:00:00Z'));
    expect(night).toMatchObject({ person: 'ben', shiftStart: t('2026-03-08T02:00:00Z'), shiftEnd: t('2026-03-08T13:00:00Z') });
    expect(night.shiftEnd - night.shiftStart).toBe(11 * H);
  });

  it('and 13 hours the night they go back', () => {
    const night = onCallAt(s, t('2026-11-01T05:00:00Z'));
    expect(night.shiftEnd - night.shiftStart).toBe(13 * H);
    expect(night).toMatchObject({ shiftStart: t('2026-11-01T01:00:00Z'), shiftEnd: t('2026-11-01T14:00:00Z') });
  });
});

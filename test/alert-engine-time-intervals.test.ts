/**
 * Time intervals on the alert engine's timeline, against a real DuckDB store:
 * a route muted by its interval sends nothing while it lasts, and its group's
 * first flush after the interval sends the alert.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { M, startTimeline, timelinePlan, type Timeline } from './helpers/alert-timeline.js';

let tl: Timeline | undefined;
afterEach(async () => {
  await tl?.close();
  tl = undefined;
});

describe('mute_time_intervals on the engine', () => {
  it('a firing alert on a muted route is told at the first flush after the interval, and survives a restart in it', async () => {
    // t=0 is Monday 2025-03-03 09:00 UTC; the interval ends at 09:30.
    tl = await startTimeline(
      timelinePlan(`
alerts:
  - { name: slow_requests, when: slow > 100 }
time_intervals:
  - name: standup
    time_intervals: [{ weekdays: [monday], times: [{ start_time: '09:00', end_time: '09:30' }] }]
routing:
  group_wait: 0s
  group_interval: 5m
  routes:
    - { channels: [hook], mute_time_intervals: [standup] }
`),
    );
    const t = tl;
    await t.req([200]);
    await t.at(0);
    expect(t.alert('slow_requests')?.alert.state).toBe('firing');
    await t.run(12 * M);
    expect(await t.sent()).toEqual([]);
    await t.restart();
    await t.run(29 * M);
    expect(await t.sent()).toEqual([]);
    await t.run(30 * M);
    expect(await t.sent()).toEqual([{ t: 30 * M, channel: 'hook', kind: 'alert', status: 'firing', alerts: ['slow_requests P3 firing'] }]);
    await t.run(60 * M);
    expect(await t.sent()).toEqual([]);
  });
});

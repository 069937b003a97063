/**
 * Time intervals on the alert engine's timeline, against a real DuckDB store:
 * a route muted by its interval sends nothing while it lasts, and its group's
 * first flush after the interval sends the alert.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { H, M, startTimeline, timelinePlan, type Timeline } from './helpers/alert-timeline.js';

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

describe('resolutions and acknowledgements across a mute interval on the engine', () => {
  // t=0 is Monday 2025-03-03 09:00 UTC; the interval runs 09:30 to 16:00, longer than resolved alerts are kept (1h).
  const plan = (when: string) =>
    timelinePlan(
      `
alerts:
  - { name: slow_requests, when: "${when}", severity: P1 }
time_intervals:
  - name: workshop
    time_intervals: [{ weekdays: [monday], times: [{ start_time: '09:30', end_time: '16:00' }] }]
routing:
  group_wait: 0s
  group_interval: 5m
  routes:
    - { channels: [hook, pager], mute_time_intervals: [workshop] }
`,
      '10m',
    );

  it('the last alert resolving in the interval is told resolved at the first flush after it, to both channels', async () => {
    tl = await startTimeline(plan('lat > 100'));
    const t = tl;
    await t.req([200]);
    await t.at(0);
    expect(await t.sent()).toEqual([
      { t: 0, channel: 'hook', kind: 'alert', status: 'firing', alerts: ['slow_requests P1 firing'] },
      { t: 0, channel: 'pager', kind: 'alert', status: 'firing', alerts: ['slow_requests P1 firing'] },
    ]);
    t.set(40 * M);
    await t.req([10]);
    await t.tick();
    expect(t.alert('slow_requests')?.alert.state).toBe('resolved');
    await t.run(7 * H - M);
    expect(await t.sent()).toEqual([]);
    await t.restart();
    await t.run(7 * H);
    expect(await t.sent()).toEqual([
      { t: 7 * H, channel: 'hook', kind: 'alert', status: 'resolved', alerts: ['slow_requests P1 resolved'] },
      { t: 7 * H, channel: 'pager', kind: 'alert', status: 'resolved', alerts: ['slow_requests P1 resolved'] },
    ]);
    await t.run(8 * H);
    expect(await t.sent()).toEqual([]);
    expect(t.engine.groups()).toEqual([]);
  });

  it('an acknowledgement in the interval reaches pagerduty at the first flush after it, once', async () => {
    tl = await startTimeline(plan('slow > 100'));
    const t = tl;
    await t.req([200]);
    await t.at(0);
    expect((await t.sent()).map((s) => `${s.channel} ${s.kind}`)).toEqual(['hook alert', 'pager alert']);
    t.set(40 * M);
    const fingerprint = t.alert('slow_requests')?.alert.fingerprint ?? '';
    expect(await t.engine.acknowledge(fingerprint, 'ana')).toMatchObject({ kind: 'acknowledged' });
    expect(await t.sent()).toEqual([]);
    await t.run(7 * H - M);
    expect(await t.sent()).toEqual([]);
    await t.run(7 * H);
    expect(await t.sent()).toEqual([{ t: 7 * H, channel: 'pager', kind: 'acknowledge', status: 'firing', alerts: ['slow_requests P1 firing'] }]);
    await t.run(12 * H);
    expect(await t.sent()).toEqual([]);
  });
});

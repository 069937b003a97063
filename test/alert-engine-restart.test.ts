/**
 * The alert engine across a restart: a new AlertEngine on the same DuckDB
 * file carries on where the old one stopped. Firing and pending alerts,
 * acknowledgements, aggregation groups with their timers and notification
 * log survive, and the first tick after the restart owes nobody anything new.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { H, M, S, T0, startTimeline, timelinePlan, type Timeline } from './helpers/alert-timeline.js';

let tl: Timeline | undefined;
afterEach(async () => {
  await tl?.close();
  tl = undefined;
});

async function timeline(alerting: string, evaluationInterval = '1m'): Promise<Timeline> {
  tl = await startTimeline(timelinePlan(alerting, evaluationInterval));
  return tl;
}

describe('restart', () => {
  it('keeps a firing, acknowledged alert and its group; sends nothing twice and does not repeat it', async () => {
    const t = await timeline(
      `
alerts:
  - { name: slow_requests, when: slow > 100, severity: P1 }
routing: { group_wait: 0s, group_interval: 5m, repeat_interval: 1h, default: [hook, pager] }`,
      '5m',
    );
    await t.req([200]);
    await t.at(0);
    expect((await t.sent()).map((n) => `${n.channel} ${n.status}`).sort()).toEqual(['hook firing', 'pager firing']);
    t.set(10 * M);
    const fingerprint = t.alert('slow_requests')?.alert.fingerprint ?? '';
    await t.engine.acknowledge(fingerprint, 'ana');
    expect((await t.sent()).map((n) => `${n.channel} ${n.kind}`)).toEqual(['pager acknowledge']);
    const before = await t.stores.state.loadAlerting();

    t.set(12 * M);
    await t.restart();
    expect(t.alerts()).toEqual([
      expect.objectContaining({ alert: expect.objectContaining({ fingerprint, state: 'firing', firedAt: T0, acknowledgedBy: 'ana', acknowledgedAt: T0 + 10 * M }) }),
    ]);
    expect(await t.engine.acknowledge(fingerprint, 'bo')).toMatchObject({ kind: 'already' });
    expect((await t.stores.state.loadAlerting()).groups).toEqual(before.groups);

    await t.tick();
    expect(await t.sent()).toEqual([]);
    await t.run(3 * H);
    expect(await t.sent()).toEqual([]);
    expect(t.alert('slow_requests')?.alert).toMatchObject({ state: 'firing', acknowledgedBy: 'ana' });
  });

  it('keeps a pending alert pending from when it started: it fires at for, not for after the restart', async () => {
    const t = await timeline(`
alerts:
  - { name: slow_requests, when: slow > 100, for: 5m }
routing: { group_wait: 0s, default: [hook] }`);
    await t.req([200]);
    await t.run(2 * M);
    expect(t.alert('slow_requests')?.alert.state).toBe('pending');
    await t.restart();
    await t.run(4 * M + 59 * S);
    expect(t.alert('slow_requests')?.alert).toMatchObject({ state: 'pending', activeAt: T0 });
    await t.run(5 * M);
    expect(t.alert('slow_requests')?.alert.state).toBe('firing');
    expect((await t.sent()).map((n) => n.t)).toEqual([5 * M]);
  });

  it('keeps group timers: an alert joining the group after the restart waits for its next flush, not a new group_wait', async () => {
    const t = await timeline(`
alerts:
  - { name: backend_slow, when: lat_by_backend > 100 }
routing: { group_by: [alertname], group_wait: 30s, group_interval: 5m, default: [hook] }`);
    await t.req([['static', 200]]);
    await t.run(30 * S);
    expect((await t.sent()).map((n) => n.t)).toEqual([30 * S]);

    t.set(1 * M);
    await t.restart();
    await t.tick();
    expect(await t.sent()).toEqual([]);
    await t.run(2 * M);
    await t.req([['embedded', 300]]);
    await t.run(5 * M + 29 * S);
    expect(t.alert('backend_slow', 'embedded')?.alert.state).toBe('firing');
    expect(await t.sent()).toEqual([]);
    await t.run(5 * M + 30 * S);
    const sent = await t.sent();
    expect(sent.map((n) => [n.t, [...n.alerts].sort()])).toEqual([[5 * M + 30 * S, ['backend_slow/embedded P3 firing', 'backend_slow/static P3 firing']]]);
  });

  it('still owes a resolution that happened before the restart, and sends it once', async () => {
    const t = await timeline(`
alerts:
  - { name: lat_high, when: lat > 100 }
routing: { group_wait: 0s, group_interval: 5m, default: [hook] }`);
    await t.minutes([200, 200, 50]);
    expect(t.alert('lat_high')?.alert.state).toBe('resolved');
    expect((await t.sent()).map((n) => [n.t, n.status])).toEqual([[0, 'firing']]);

    await t.restart();
    expect(t.alert('lat_high')?.alert).toMatchObject({ state: 'resolved', resolvedAt: T0 + 2 * M });
    await t.minutes([40, 40, 40, 40, 40, 40, 40, 40, 40], 3);
    expect((await t.sent()).map((n) => [n.t, n.status, ...n.alerts])).toEqual([[5 * M, 'resolved', 'lat_high P3 resolved']]);
  });
});

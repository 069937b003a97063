/**
 * The alert engine as a timeline, continued: absent() and change()
 * conditions, the no-data policies, silences, inhibition, and alerts sent by
 * other systems. Fake clock, real DuckDB store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { D, H, M, S, T0, startTimeline, timelinePlan, type Sent, type Timeline } from './helpers/alert-timeline.js';

let tl: Timeline | undefined;
afterEach(async () => {
  await tl?.close();
  tl = undefined;
});

async function timeline(alerting: string, evaluationInterval = '1m'): Promise<Timeline> {
  tl = await startTimeline(timelinePlan(alerting, evaluationInterval));
  return tl;
}

const routing = (wait: string, interval: string): string => `
routing:
  group_by: [alertname]
  group_wait: ${wait}
  group_interval: ${interval}
  default: [hook]`;

/** `<seconds>s <alert>` per alert notified, in time order. */
const brief = (sent: readonly Sent[]): string[] =>
  sent
    .flatMap((n) => n.alerts.map((a) => ({ t: n.t, text: `${n.t / S}s ${a}` })))
    .sort((a, b) => a.t - b.t || a.text.localeCompare(b.text))
    .map((x) => x.text);
const states = (t: Timeline): string[] => t.alerts().map((v) => `${v.alert.labels.alertname ?? ''} ${v.alert.state}`).sort();

describe('absent()', () => {
  it('fires once no event arrived for the whole window, and resolves when one arrives', async () => {
    const t = await timeline(`
alerts:
  - { name: heartbeat_missing, when: "absent(heartbeat, 10m)", severity: P2 }
${routing('0s', '1m')}`);
    await t.push('heartbeat', { host: 'a' });
    await t.run(10 * M);
    expect(t.alerts()).toEqual([]);
    await t.run(10 * M + 1 * S);
    expect(t.alert('heartbeat_missing')?.alert).toMatchObject({ state: 'firing', value: 0, severity: 'P2' });
    expect(await t.sent()).toEqual([{ t: 10 * M + 1 * S, channel: 'hook', kind: 'alert', status: 'firing', alerts: ['heartbeat_missing P2 firing'] }]);

    await t.run(12 * M);
    await t.push('heartbeat', { host: 'a' });
    await t.tick();
    expect(t.alert('heartbeat_missing')?.alert).toMatchObject({ state: 'resolved', value: 1 });
    await t.run(13 * M);
    expect(await t.sent()).toEqual([{ t: 12 * M + 1 * S, channel: 'hook', kind: 'alert', status: 'resolved', alerts: ['heartbeat_missing P2 resolved'] }]);
  });
});

describe('change()', () => {
  it('has no data without a previous period, stays quiet on a small drop and fires on a large one', async () => {
    const t = await timeline(`
alerts:
  - { name: traffic_drop, when: "change(requests, 1d) < -20%", severity: P2 }
${routing('0s', '5m')}`);
    await t.req(Array.from({ length: 100 }, () => 10));
    await t.at(0);
    // Nothing a day before: no data (keep_last), nobody paged.
    expect(t.alert('traffic_drop')?.alert).toMatchObject({ state: 'nodata', health: 'nodata' });

    t.set(1 * D + 1 * H);
    await t.req(Array.from({ length: 90 }, () => 10));
    await t.tick();
    expect(t.alerts()).toEqual([]);

    t.set(2 * D + 2 * H);
    await t.req(Array.from({ length: 50 }, () => 10));
    await t.tick();
    const drop = t.alert('traffic_drop')?.alert;
    expect(drop).toMatchObject({ state: 'firing', severity: 'P2' });
    expect(drop?.value).toBeCloseTo(-40 / 90, 10);
    expect(drop?.annotations.summary).toMatch(/^traffic_drop: change\(requests, 1d\) < -20% \(now -44\.4/);
    expect(brief(await t.sent())).toEqual([`${(2 * D + 2 * H) / S}s traffic_drop P2 firing`]);
  });
});

describe('no-data policies', () => {
  it('keep_last keeps a firing alert firing, ok resolves it, alerting fires without any data', async () => {
    const t = await timeline(`
alerts:
  - { name: keep, when: lat > 100 }
  - { name: quiet, when: lat > 100, no_data: ok }
  - { name: loud, when: lat > 100, no_data: alerting, severity: P2 }
${routing('0s', '5m')}`);
    await t.at(0);
    expect(states(t)).toEqual(['keep nodata', 'loud firing']);
    expect(t.alert('loud')?.alert).toMatchObject({ health: 'nodata', value: null });

    t.set(1 * M);
    await t.req([200]);
    await t.tick();
    expect(states(t)).toEqual(['keep firing', 'loud firing', 'quiet firing']);

    // No request from 2m on: the metric has no data.
    await t.run(6 * M);
    expect(states(t)).toEqual(['keep firing', 'loud firing', 'quiet resolved']);
    expect(t.alert('keep')?.alert).toMatchObject({ health: 'nodata', firedAt: T0 + 1 * M });
    const quiet = (await t.stores.state.alertHistory({})).find((h) => h.rule === 'quiet' && h.to === 'resolved');
    expect(quiet).toMatchObject({ at: T0 + 2 * M, reason: 'no_data' });
    expect(brief(await t.sent())).toEqual(['0s loud P2 firing', '60s keep P3 firing', '60s quiet P3 firing', '360s quiet P3 resolved']);
  });
});

describe('silences', () => {
  it('a silenced alert is listed with its silence but not notified until the silence ends', async () => {
    const t = await timeline(
      `
alerts:
  - { name: slow_requests, when: slow > 100 }
  - { name: slow_twin, when: slow > 100 }
${routing('0s', '5m')}`,
      '5m',
    );
    await t.engine.putSilence({
      id: 'sil-1',
      matchers: [{ name: 'alertname', value: 'slow_requests', isRegex: false, isEqual: true }],
      startsAt: T0,
      endsAt: T0 + 1 * H,
      createdBy: 'ana',
      comment: 'deploying',
      updatedAt: T0,
    });
    await t.req([200]);
    await t.at(0);
    expect(t.alert('slow_requests')).toMatchObject({ alert: { state: 'firing' }, silencedBy: ['sil-1'], inhibitedBy: [] });
    expect(t.alert('slow_twin')?.silencedBy).toEqual([]);
    expect(brief(await t.sent())).toEqual(['0s slow_twin P3 firing']);

    await t.run(59 * M);
    expect(await t.sent()).toEqual([]);
    await t.run(1 * H);
    expect(t.alert('slow_requests')?.silencedBy).toEqual([]);
    expect(brief(await t.sent())).toEqual(['3600s slow_requests P3 firing']);
  });
});

describe('inhibition', () => {
  it('a firing P1 mutes the P3 alerts of the same service until it ends', async () => {
    const t = await timeline(`
alerts:
  - { name: very_slow, when: lat > 500, severity: P1, labels: { service: checkout } }
  - { name: slow_checkout, when: lat > 100, labels: { service: checkout } }
  - { name: slow_search, when: lat > 100, labels: { service: search } }
inhibit:
  - { source: { severity: P1 }, target: { severity: P3 }, equal: [service] }
${routing('0s', '5m')}`);
    await t.minutes([600], 0);
    const source = t.alert('very_slow')?.alert.fingerprint;
    expect(t.alert('slow_checkout')).toMatchObject({ alert: { state: 'firing' }, inhibitedBy: [source] });
    expect(t.alert('slow_search')?.inhibitedBy).toEqual([]);
    // From 2m the P1 condition no longer holds; the P3 ones still do.
    await t.minutes([600, 300, 300, 300, 300], 1);
    expect(t.alert('slow_checkout')?.inhibitedBy).toEqual([]);
    expect(brief(await t.sent())).toEqual(['0s slow_search P3 firing', '0s very_slow P1 firing', '300s slow_checkout P3 firing', '300s very_slow P1 resolved']);
  });
});

describe('alerts from other systems', () => {
  it('fire until their end time, which a resend extends, then resolve', async () => {
    const t = await timeline(routing('30s', '5m'));
    const disk = (endsAt: number) => [{ labels: { alertname: 'DiskFull', severity: 'P2', instance: 'db1' }, annotations: { summary: 'disk 95%' }, startsAt: T0 - 5 * M, endsAt }];
    await t.engine.receiveExternal(disk(T0 + 10 * M));
    await t.at(0);
    expect(t.alert('DiskFull')?.alert).toMatchObject({ source: 'external', state: 'firing', firedAt: T0 - 5 * M, annotations: { summary: 'disk 95%' } });
    await t.run(30 * S);
    expect(brief(await t.sent())).toEqual(['30s DiskFull P2 firing']);

    t.set(5 * M);
    await t.engine.receiveExternal(disk(T0 + 15 * M));
    await t.run(14 * M + 59 * S);
    expect(t.alert('DiskFull')?.alert.state).toBe('firing');
    expect(await t.sent()).toEqual([]);
    await t.run(15 * M);
    expect(t.alert('DiskFull')?.alert).toMatchObject({ state: 'resolved', resolvedAt: T0 + 15 * M });
    await t.run(16 * M);
    expect(brief(await t.sent())).toEqual(['930s DiskFull P2 resolved']);
  });
});

describe('and / or / not', () => {
  it('fires per group only while every operand holds, an operand without groups standing for every group', async () => {
    const t = await timeline(`
alerts:
  - { name: slow_under_load, when: "lat_by_backend > 500 and not requests <= 2", severity: P2 }
${routing('0s', '5m')}`);
    await t.req([['a', 600], ['b', 100]]);
    await t.at(0);
    // Two requests: "not requests <= 2" does not hold, so no backend is breached.
    expect(t.alerts()).toEqual([]);

    t.set(1 * M);
    await t.req([['a', 700]]);
    await t.tick();
    expect(t.alert('slow_under_load', 'a')?.alert).toMatchObject({ state: 'firing', severity: 'P2', value: 650 });
    expect(t.alert('slow_under_load', 'b')?.alert.state ?? 'inactive').not.toBe('firing');
    expect(brief(await t.sent())).toEqual([`${(1 * M) / S}s slow_under_load/a P2 firing`]);
  });
});

/**
 * The alert engine as a timeline on a fake clock, against a real DuckDB store:
 * pending and firing, group timers, repeats and acknowledgements, resolution,
 * keep_firing_for, levels and per-group rules. "At t push X; at t' expect Y."
 */
import { afterEach, describe, expect, it } from 'vitest';
import { M, H, S, T0, startTimeline, timelinePlan, type Timeline } from './helpers/alert-timeline.js';

let tl: Timeline | undefined;
afterEach(async () => {
  await tl?.close();
  tl = undefined;
});

async function timeline(alerting: string, evaluationInterval = '1m'): Promise<Timeline> {
  tl = await startTimeline(timelinePlan(alerting, evaluationInterval));
  return tl;
}

interface RoutingOptions {
  readonly repeat?: string;
  readonly groupBy?: string;
  readonly channels?: string;
}

const routing = (wait: string, interval: string, { repeat = '4h', groupBy = '[alertname]', channels = '[hook]' }: RoutingOptions = {}): string => `
routing:
  group_by: ${groupBy}
  group_wait: ${wait}
  group_interval: ${interval}
  repeat_interval: ${repeat}
  default: ${channels}`;

describe('for: an alert is pending before it fires', () => {
  it('pending at t=0, still pending at 4m59s, firing with one notification at 5m', async () => {
    const t = await timeline(`
alerts:
  - { name: slow_requests, when: slow > 100, for: 5m }
${routing('0s', '5m')}`);
    await t.req([200]);
    await t.at(0);
    expect(t.alert('slow_requests')?.alert).toMatchObject({ state: 'pending', severity: 'P3', value: 200 });
    await t.run(4 * M + 59 * S);
    expect(t.alert('slow_requests')?.alert.state).toBe('pending');
    expect(await t.sent()).toEqual([]);

    await t.run(5 * M);
    expect(t.alert('slow_requests')?.alert).toMatchObject({ state: 'firing', labels: { alertname: 'slow_requests', severity: 'P3' } });
    expect(await t.sent()).toEqual([{ t: 5 * M, channel: 'hook', kind: 'alert', status: 'firing', alerts: ['slow_requests P3 firing'] }]);
    await t.run(9 * M);
    expect(await t.sent()).toEqual([]);
  });

  it('a condition that clears while pending never notifies', async () => {
    const t = await timeline(`
alerts:
  - { name: lat_high, when: lat > 100, for: 5m }
${routing('0s', '5m')}`);
    await t.req([200]);
    await t.at(0);
    t.set(2 * M);
    await t.req([50]);
    await t.tick();
    expect(t.alerts()).toEqual([]);
    await t.run(10 * M);
    expect(await t.sent()).toEqual([]);
  });
});

describe('group timers', () => {
  it('group_wait delays the first notification; group_interval batches a second alert of the group', async () => {
    const t = await timeline(`
alerts:
  - { name: backend_slow, when: lat_by_backend > 100 }
${routing('30s', '5m')}`);
    await t.req([['static', 200]]);
    await t.run(29 * S);
    expect(t.alert('backend_slow', 'static')?.alert.state).toBe('firing');
    expect(await t.sent()).toEqual([]);
    await t.run(30 * S);
    expect(await t.sent()).toEqual([{ t: 30 * S, channel: 'hook', kind: 'alert', status: 'firing', alerts: ['backend_slow/static P3 firing'] }]);

    t.set(1 * M);
    await t.req([['embedded', 300]]);
    await t.run(5 * M + 29 * S);
    expect(t.alert('backend_slow', 'embedded')?.alert.state).toBe('firing');
    expect(await t.sent()).toEqual([]);
    await t.run(5 * M + 30 * S);
    const [batched, ...rest] = await t.sent();
    expect(rest).toEqual([]);
    expect(batched).toMatchObject({ t: 5 * M + 30 * S, status: 'firing' });
    expect([...(batched?.alerts ?? [])].sort()).toEqual(['backend_slow/embedded P3 firing', 'backend_slow/static P3 firing']);
    await t.run(30 * M);
    expect(await t.sent()).toEqual([]);
  });

  it('repeat_interval re-sends a group that still fires', async () => {
    const t = await timeline(`
alerts:
  - { name: slow_requests, when: slow > 100 }
${routing('0s', '5m', { repeat: '1h' })}`, '5m');
    await t.req([200]);
    await t.run(59 * M);
    expect((await t.sent()).map((n) => n.t)).toEqual([0]);
    await t.run(2 * H + 1 * M);
    expect((await t.sent()).map((n) => [n.t, n.status])).toEqual([
      [1 * H, 'firing'],
      [2 * H, 'firing'],
    ]);
  });

  it('an acknowledged alert does not repeat; PagerDuty hears the acknowledgement', async () => {
    const t = await timeline(`
alerts:
  - { name: slow_requests, when: slow > 100 }
${routing('0s', '5m', { repeat: '1h', channels: '[hook, pager]' })}`, '5m');
    await t.req([200]);
    await t.at(0);
    expect((await t.sent()).map((n) => n.channel).sort()).toEqual(['hook', 'pager']);

    t.set(10 * M);
    const fingerprint = t.alert('slow_requests')?.alert.fingerprint ?? '';
    expect(await t.engine.acknowledge(fingerprint, 'ana')).toMatchObject({ kind: 'acknowledged', alert: { acknowledgedBy: 'ana', acknowledgedAt: T0 + 10 * M } });
    expect(await t.sent()).toEqual([{ t: 10 * M, channel: 'pager', kind: 'acknowledge', status: 'firing', alerts: ['slow_requests P3 firing'] }]);
    expect(await t.engine.acknowledge(fingerprint, 'bo')).toMatchObject({ kind: 'already' });

    await t.run(3 * H);
    expect(await t.sent()).toEqual([]);
    expect(t.alert('slow_requests')?.alert).toMatchObject({ state: 'firing', acknowledgedBy: 'ana' });
  });
});

describe('resolution', () => {
  it('the metric recovers: resolved at once, announced at the next group flush, then the group is gone', async () => {
    const t = await timeline(`
alerts:
  - { name: lat_high, when: lat > 100 }
${routing('0s', '5m')}`);
    await t.req([200]);
    await t.at(0);
    expect(await t.sent()).toEqual([{ t: 0, channel: 'hook', kind: 'alert', status: 'firing', alerts: ['lat_high P3 firing'] }]);
    t.set(2 * M);
    await t.req([50]);
    await t.tick();
    expect(t.alert('lat_high')?.alert).toMatchObject({ state: 'resolved', value: 50, resolvedAt: T0 + 2 * M });
    // Requests keep coming, and stay fast.
    await t.minutes([40, 40, 40], 3);
    expect(await t.sent()).toEqual([{ t: 5 * M, channel: 'hook', kind: 'alert', status: 'resolved', alerts: ['lat_high P3 resolved'] }]);
    expect((await t.stores.state.loadAlerting()).groups).toEqual([]);
  });

  // Fixed in engine.ts: with no_data: keep_last (the default) a resolved alert moves on to 'nodata' at the
  // next tick without data, and the dispatcher, which only took alerts in state 'resolved' as resolved,
  // dropped the group at its next flush: the channel told "firing" never heard "resolved".
  it('the metric recovers and then traffic stops: the resolution is still announced', async () => {
    const t = await timeline(`
alerts:
  - { name: lat_high, when: lat > 100 }
${routing('0s', '5m')}`);
    await t.minutes([200, 200, 50]);
    expect(t.alert('lat_high')?.alert.state).toBe('resolved');
    // No request from here on: the metric has no data (no_data: keep_last).
    await t.run(10 * M);
    expect(t.alert('lat_high')?.alert.state).toBe('nodata');
    expect((await t.sent()).map((n) => [n.t, n.status, ...n.alerts])).toEqual([
      [0, 'firing', 'lat_high P3 firing'],
      [5 * M, 'resolved', 'lat_high P3 resolved'],
    ]);
  });

  it('the metric recovers, has no data for a while, then recovers again: the resolution is announced once', async () => {
    const t = await timeline(`
alerts:
  - { name: lat_high, when: lat > 100 }
${routing('0s', '5m')}`);
    await t.minutes([200, 200, 50]);
    await t.run(3 * M);
    await t.minutes([40, 40, 40], 4);
    // Inactive again, and forgotten once its resolution went out.
    expect(t.alerts()).toEqual([]);
    await t.run(20 * M);
    expect((await t.sent()).map((n) => [n.t, n.status])).toEqual([
      [0, 'firing'],
      [5 * M, 'resolved'],
    ]);
  });
});

describe('keep_firing_for', () => {
  it('keeps a flapping condition firing until it has stayed clear for the whole span', async () => {
    const t = await timeline(`
alerts:
  - { name: flappy, when: lat > 100 }
  - { name: steady, when: lat > 100, keep_firing_for: 10m }
${routing('0s', '5m')}`);
    // One request a minute: slow, fast, slow, then fast from 3m on.
    await t.minutes([200, 50, 200, ...Array.from({ length: 14 }, () => 50)], 0, (minute) => {
      if (minute === 11) expect(t.alert('steady')?.alert.state).toBe('firing');
    });
    const transitions = async (name: string) =>
      (await t.stores.state.alertHistory({}))
        .filter((h) => h.rule === name)
        .reverse()
        .map((h) => [h.at - T0, h.to]);
    expect(await transitions('steady')).toEqual([
      [0, 'firing'],
      [12 * M, 'resolved'],
    ]);
    expect(await transitions('flappy')).toEqual([
      [0, 'firing'],
      [1 * M, 'resolved'],
      [2 * M, 'firing'],
      [3 * M, 'resolved'],
    ]);
    const steadySent = (await t.sent()).filter((n) => n.alerts.some((a) => a.startsWith('steady')));
    expect(steadySent.map((n) => [n.t, n.status])).toEqual([
      [0, 'firing'],
      [15 * M, 'resolved'],
    ]);
  });
});

describe('levels', () => {
  const levels = (routes: string) => `
alerts:
  - name: lat_high
    when: { P2: "lat > 100", P1: "lat > 500" }
routing:
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1m
${routes}`;
  /** P1 pages, P2 and P3 go to the webhook. */
  const bySeverity = `
  routes:
    - { match: { severity: P1 }, channels: [pager] }
    - { match: { severity: [P2, P3] }, channels: [hook] }`;

  it('takes the most severe level that holds, up and down, without leaving firing', async () => {
    const t = await timeline(levels('  default: [hook]'));
    const seen: unknown[] = [];
    await t.minutes([200, 800, 900, 300, 50], 0, () => seen.push([t.alert('lat_high')?.alert.state, t.alert('lat_high')?.alert.labels.severity]));
    expect(seen).toEqual([
      ['firing', 'P2'],
      ['firing', 'P1'],
      ['firing', 'P1'],
      ['firing', 'P2'],
      ['resolved', 'P2'],
    ]);
    expect((await t.stores.state.alertHistory({})).map((h) => [h.at - T0, h.to, h.severity, h.reason]).reverse()).toEqual([
      [0, 'firing', 'P2', 'condition_met'],
      [1 * M, 'firing', 'P1', 'severity_changed'],
      [3 * M, 'firing', 'P2', 'severity_changed'],
      [4 * M, 'resolved', 'P2', 'condition_cleared'],
    ]);
  });

  it('with severity routes, escalation pages the P1 channel', async () => {
    const t = await timeline(levels(bySeverity));
    await t.minutes([200, 800, 900]);
    expect((await t.sent()).map((n) => [n.t, n.channel, ...n.alerts])).toEqual([
      [0, 'hook', 'lat_high P2 firing'],
      [1 * M, 'pager', 'lat_high P1 firing'],
    ]);
  });

  it('within one route a change of severity is news: the escalation is sent at the next flush, not at the repeat', async () => {
    const t = await timeline(levels('  repeat_interval: 10m\n  default: [hook]'));
    await t.minutes([200, 800, ...Array.from({ length: 9 }, () => 900)]);
    expect((await t.sent()).map((n) => [n.t, n.status, ...n.alerts])).toEqual([
      [0, 'firing', 'lat_high P2 firing'],
      [1 * M, 'firing', 'lat_high P1 firing'],
    ]);
  });

  // BUG: once the alert is P2 again it routes away from the pager's group, which is dropped without a
  // message: the P1 channel (PagerDuty) is never told the P1 alert ended, and its incident stays open.
  it('the P1 channel hears that the P1 alert ended when it drops back to P2', async () => {
    const t = await timeline(levels(bySeverity));
    await t.minutes([200, 800, 300, 300, 50, 50]);
    const pager = (await t.sent()).filter((n) => n.channel === 'pager');
    expect(pager.map((n) => [n.t, n.status])).toEqual([[1 * M, 'firing'], [expect.any(Number), 'resolved']]);
  });
});

describe('a rule on a grouped metric', () => {
  it('has one alert per group, labelled with the group, each notified in its own group', async () => {
    const t = await timeline(`
alerts:
  - { name: backend_slow, when: lat_by_backend > 100 }
${routing('0s', '5m', { groupBy: '[alertname, backend]' })}`);
    await t.req([
      ['static', 200],
      ['embedded', 300],
      ['edge', 50],
    ]);
    await t.at(0);
    expect(t.alerts().map((v) => [v.alert.labels, v.alert.state, v.alert.value])).toEqual(
      expect.arrayContaining([
        [{ alertname: 'backend_slow', backend: 'static', severity: 'P3' }, 'firing', 200],
        [{ alertname: 'backend_slow', backend: 'embedded', severity: 'P3' }, 'firing', 300],
      ]),
    );
    expect(t.alerts().filter((v) => v.alert.state === 'firing')).toHaveLength(2);
    expect(t.alert('backend_slow', 'static')?.alert.annotations.summary).toBe('backend_slow: lat_by_backend > 100 (now 200 ms, backend=static)');
    const sent = await t.sent();
    expect(sent.map((n) => n.alerts).sort()).toEqual([['backend_slow/embedded P3 firing'], ['backend_slow/static P3 firing']]);
    const groups = (await t.stores.state.loadAlerting()).groups.map((g) => g.labels);
    expect(groups).toEqual(expect.arrayContaining([{ alertname: 'backend_slow', backend: 'static' }, { alertname: 'backend_slow', backend: 'embedded' }]));
  });

  it('has one no-data alert without group labels until some group reports, then only the groups', async () => {
    const t = await timeline(`
alerts:
  - { name: backend_slow, when: lat_by_backend > 100 }
${routing('0s', '5m')}`);
    await t.at(0);
    expect(t.alerts().map((v) => [v.alert.labels, v.alert.state])).toEqual([[{ alertname: 'backend_slow', severity: 'P3' }, 'nodata']]);
    t.set(1 * M);
    await t.req([['static', 200]]);
    await t.run(10 * M);
    expect(t.alerts().map((v) => [v.alert.labels.backend ?? '(none)', v.alert.state])).toEqual([['static', 'firing']]);
    expect((await t.sent()).map((n) => n.alerts)).toEqual([['backend_slow/static P3 firing']]);
  });
});

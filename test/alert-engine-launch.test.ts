/**
 * The alert engine as a timeline, for the conditions launch plans are written
 * with: a bound from each group's own target (`p95 > target * 1.2`), phase()
 * following the plan's launch phases, and anomaly() against the same hour of
 * earlier weeks. Fake clock, real DuckDB store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { H, M, S, startTimeline, type Sent, type Timeline } from './helpers/alert-timeline.js';
import { planFrom } from './helpers/plan.js';

const W = 7 * 24 * H;

let tl: Timeline | undefined;
afterEach(async () => {
  await tl?.close();
  tl = undefined;
});

async function timeline(body: string): Promise<Timeline> {
  tl = await startTimeline(
    planFrom(`
version: 1
product: { name: launch }
ingest: { keys: [ { name: cli, key: "timeline-ingest-key-0123456789" } ] }
evaluation: { interval: 1m }
events:
  req: { backend: string, ms: number }
channels:
  hook: { type: webhook, url: "http://127.0.0.1:9/hook" }
routing:
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1m
  default: [hook]
${body}
`),
  );
  return tl;
}

/** `<seconds>s <alert>` per alert notified, in time order. */
const brief = (sent: readonly Sent[]): string[] =>
  sent
    .flatMap((n) => n.alerts.map((a) => ({ t: n.t, text: `${n.t / S}s ${a}` })))
    .sort((a, b) => a.t - b.t || a.text.localeCompare(b.text))
    .map((x) => x.text);
const state = (t: Timeline, name: string, backend?: string): string => t.alert(name, backend)?.alert.state ?? 'inactive';

describe('a bound from the target', () => {
  it("judges each group against its own target: static 30 % over 100 ms fires, embedded 5 % over 2000 ms does not, and then the other way round", async () => {
    const t = await timeline(`
metrics:
  p95:
    from: req
    quantile: { of: ms, q: 0.95 }
    by: backend
    window: 10m
    unit: ms
    targets:
      - { group: { backend: static }, green: "< 100", yellow: "< 150" }
      - { group: { backend: embedded }, green: "< 2000", yellow: "< 3000" }
alerts:
  - { name: latency_degradation, when: "p95 > target * 1.2", severity: P3 }`);
    await t.req([['static', 130], ['embedded', 2100]]);
    await t.at(0);
    expect(t.alert('latency_degradation', 'static')?.alert).toMatchObject({ state: 'firing', value: 130, severity: 'P3' });
    expect(state(t, 'latency_degradation', 'embedded')).not.toBe('firing');
    expect(brief(await t.sent())).toEqual(['0s latency_degradation/static P3 firing']);

    // Ten minutes on, the first requests have left the window: static is fast, embedded 25 % over its 2000 ms.
    t.set(11 * M);
    await t.req([['static', 90], ['embedded', 2500]]);
    await t.run(13 * M);
    expect(t.alert('latency_degradation', 'static')?.alert.state).toBe('resolved');
    expect(t.alert('latency_degradation', 'embedded')?.alert).toMatchObject({ state: 'firing', value: 2500 });
    expect(brief(await t.sent())).toEqual([`${(11 * M) / S}s latency_degradation/embedded P3 firing`, `${(11 * M) / S}s latency_degradation/static P3 resolved`]);
  });
});

describe('phase()', () => {
  it('holds while its phase is on: after the phases before it complete, until it completes, and again when its criteria stop holding', async () => {
    const t = await timeline(`
metrics:
  lat: { from: req, mean: ms, window: 1d, unit: ms }
  requests: { from: req, count: true, window: 1d }
phases:
  launch_week: { window: 1d, all: [ "requests >= 5" ] }
  growth: { window: 1d, all: [ "requests >= 10" ] }
alerts:
  - { name: slow_in_launch_week, when: "lat > 500 and phase(launch_week)", severity: P2 }
  - { name: slow_in_growth, when: "lat > 500 and phase(growth)", severity: P3 }`);
    await t.req([600, 600]);
    await t.at(0);
    // Two requests: the launch week is on, growth waits for it.
    expect(state(t, 'slow_in_launch_week')).toBe('firing');
    expect(state(t, 'slow_in_growth')).not.toBe('firing');
    expect(brief(await t.sent())).toEqual(['0s slow_in_launch_week P2 firing']);

    // Six: the launch week is complete, growth is on.
    t.set(1 * M);
    await t.req([600, 600, 600, 600]);
    await t.tick();
    expect(state(t, 'slow_in_launch_week')).toBe('resolved');
    expect(state(t, 'slow_in_growth')).toBe('firing');

    // Eleven: every phase is complete, none is on.
    t.set(2 * M);
    await t.req([600, 600, 600, 600, 600]);
    await t.tick();
    expect(state(t, 'slow_in_launch_week')).toBe('resolved');
    expect(state(t, 'slow_in_growth')).toBe('resolved');

    // A day later the requests have left the window: the criteria no longer hold, the launch week is on again.
    t.set(24 * H + 3 * M);
    await t.req([700]);
    await t.tick();
    expect(state(t, 'slow_in_launch_week')).toBe('firing');
    expect(state(t, 'slow_in_growth')).not.toBe('firing');
    expect(brief(await t.sent())).toEqual([
      `${(1 * M) / S}s slow_in_growth P3 firing`,
      `${(1 * M) / S}s slow_in_launch_week P2 resolved`,
      `${(2 * M) / S}s slow_in_growth P3 resolved`,
      `${(24 * H + 3 * M) / S}s slow_in_launch_week P2 firing`,
    ]);
  });
});

describe('anomaly()', () => {
  const plan = `
metrics:
  requests: { from: req, count: true, window: 1d }
alerts:
  - { name: traffic_anomaly, when: "anomaly(requests, 28d) < -3", severity: P3 }`;

  /** `n` requests in the first hour of week `week` (10 minutes into it). */
  const hourOf = async (t: Timeline, week: number, n: number): Promise<void> => {
    t.set(week * W + 10 * M);
    await t.req(Array.from({ length: n }, () => 100));
  };

  it('has no data with fewer than three earlier weeks of the same hour, and then fires on a drop', async () => {
    const t = await timeline(plan);
    await hourOf(t, 0, 20);
    await hourOf(t, 1, 22);
    await hourOf(t, 2, 3);
    // The hour is over: two earlier weeks only, so no data (and nobody paged) however low it is.
    await t.at(2 * W + H + 5 * M);
    expect(t.alert('traffic_anomaly')?.alert).toMatchObject({ state: 'nodata', health: 'nodata' });
    expect(await t.sent()).toEqual([]);

    await hourOf(t, 3, 3);
    await t.at(3 * W + H + 5 * M);
    // Weeks 20, 22 and 3: median 20, MAD 2; 3 is (3 - 20) / (1.4826 * 2) from it.
    const alert = t.alert('traffic_anomaly')?.alert;
    expect(alert).toMatchObject({ state: 'firing', severity: 'P3' });
    expect(alert?.value).toBeCloseTo(-17 / (1.4826 * 2), 10);
    expect(brief(await t.sent())).toEqual([`${(3 * W + H + 5 * M) / S}s traffic_anomaly P3 firing`]);
  });

  it('stays quiet on an hour like the earlier weeks', async () => {
    const t = await timeline(plan);
    for (const [week, n] of [[0, 20], [1, 22], [2, 18], [3, 21]] as const) await hourOf(t, week, n);
    await t.at(3 * W + H + 5 * M);
    expect(state(t, 'traffic_anomaly')).not.toBe('firing');
    expect(t.alert('traffic_anomaly')?.alert.health ?? 'ok').not.toBe('nodata');
    expect(await t.sent()).toEqual([]);
  });
});

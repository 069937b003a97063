/**
 * A silence means quiet: a silenced or inhibited alert declares no incident,
 * joins none and pages nobody, on a fake clock. When the silence ends while
 * the alert still fires, the incident is declared then and pages as usual (the route names only an escalation, so the one notification is the page).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Silence } from '../src/alerting/types.js';
import { H, M, startTimeline, T0, timelinePlan, type Timeline } from './helpers/alert-timeline.js';

const plan = timelinePlan(`
people:
  ana: { name: Ana Silva, channels: [hook] }
escalation:
  default:
    - { notify: person:ana }
alerts:
  - { name: latency_high, when: lat > 1000, severity: P1, labels: { service: api } }
  - { name: latency_critical, when: lat > 5000, severity: P1, labels: { service: api, tier: top } }
inhibit:
  - { source: { tier: top }, target: { alertname: latency_high }, equal: [service] }
routing:
  group_wait: 0s
  routes:
    - { match: { severity: P1 }, escalation: default }
`);

const silence = (alertname: string, endsAt: number): Silence => ({
  id: `sil-${alertname}`,
  matchers: [{ name: 'alertname', value: alertname, isRegex: false, isEqual: true }],
  startsAt: T0,
  endsAt,
  createdBy: 'ana',
  comment: 'known flaky installer',
  updatedAt: T0,
});

let t: Timeline | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('silenced and inhibited alerts and incidents', () => {
  it('a silenced P1 alert declares no incident and pages nobody until its silence ends', async () => {
    t = await startTimeline(plan);
    await t.engine.putSilence(silence('latency_high', T0 + 30 * M));
    await t.req([2000]);
    await t.at(0);
    expect(t.alert('latency_high')).toMatchObject({ alert: { state: 'firing' }, silencedBy: ['sil-latency_high'] });
    expect(await t.stores.state.incidents({})).toEqual([]);
    await t.run(29 * M);
    expect(await t.stores.state.incidents({})).toEqual([]);
    expect(await t.sent()).toEqual([]);

    // The silence ends while the alert still fires: the incident is owed now, and pages.
    await t.run(31 * M);
    const incidents = await t.stores.state.incidents({});
    expect(incidents.map((i) => i.title)).toEqual(['Alert latency_high firing (lat)']);
    expect(await t.sent()).toEqual([{ t: 30 * M, channel: 'hook', kind: 'alert', status: 'firing', alerts: ['latency_high P1 firing'] }]);
  });

  it('an inhibited P1 alert declares no incident; the alert inhibiting it does', async () => {
    t = await startTimeline(plan);
    await t.req([6000]);
    await t.at(0);
    const inhibited = t.alert('latency_high');
    expect(inhibited?.inhibitedBy).toEqual([t.alert('latency_critical')?.alert.fingerprint]);
    const incidents = await t.stores.state.incidents({});
    expect(incidents.map((i) => i.title)).toEqual(['Alert latency_critical firing (lat)']);
    expect(incidents[0]?.alerts).not.toContain(inhibited?.alert.fingerprint);
  });

  it('an incident whose alert is silenced after its declaration pages no later step', async () => {
    const twoSteps = timelinePlan(`
people:
  ana: { name: Ana Silva, channels: [hook] }
  ben: { name: Ben Okafor, channels: [pager] }
escalation:
  default:
    - { notify: person:ana }
    - { after: 5m, notify: person:ben }
alerts:
  - { name: latency_high, when: lat > 1000, severity: P1 }
routing:
  group_wait: 0s
  routes:
    - { match: { severity: P1 }, escalation: default }
`);
    t = await startTimeline(twoSteps);
    await t.req([2000]);
    await t.at(0);
    expect((await t.sent()).map((s) => s.channel)).toEqual(['hook']);
    await t.engine.putSilence(silence('latency_high', T0 + 1 * H));
    await t.run(10 * M);
    expect(await t.sent()).toEqual([]);
    const [incident] = await t.stores.state.incidents({});
    expect(incident?.paging?.stepsPaged).toBe(1);
  });
});

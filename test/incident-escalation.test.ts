/**
 * Incidents from alerts on a fake clock: a P1 alert fires → an incident is
 * declared → the primary is paged through their channel → nobody acknowledges
 * → the secondary is paged 5 minutes later → an acknowledgement stops the
 * paging → updates → resolution → the post-mortem draft has the timeline.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { acknowledge, resolve, update } from '../src/incidents/lifecycle.js';
import { postmortemDraft } from '../src/incidents/postmortem.js';
import type { Incident } from '../src/incidents/types.js';
import { M, startTimeline, T0, timelinePlan, type Timeline } from './helpers/alert-timeline.js';

const plan = timelinePlan(`
people:
  ana: { name: Ana Silva, channels: [hook] }
  ben: { name: Ben Okafor, channels: [pager] }
  cleo: { name: Cleo Tan, channels: [hook] }
schedules:
  primary: { rotation: { every: 1w, people: [ana] } }
escalation:
  default:
    - { notify: schedule:primary }
    - { after: 5m, notify: person:ben }
    - { after: 30m, notify: person:cleo }
alerts:
  - { name: latency_high, when: lat > 1000, severity: P1, summary: "latency {{ value }}" }
  - { name: latency_warn, when: lat > 500, severity: P2 }
routing:
  group_wait: 0s
  routes:
    - { match: { severity: P1 }, escalation: default }
`);

let t: Timeline | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function only(timeline: Timeline): Promise<Incident> {
  const open = await timeline.stores.state.incidents({});
  expect(open).toHaveLength(1);
  const [incident] = open;
  if (!incident) throw new Error('no incident');
  return incident;
}

describe('an alert that asks for an incident, routed to an escalation policy', () => {
  it('declares, pages step by step until acknowledged, and ends in a post-mortem with the timeline', async () => {
    t = await startTimeline(plan);
    const state = t.stores.state;
    await t.req([2000]);
    await t.at(0);

    // Declared: SEV1 from P1 (the default), titled without label values, the alert linked.
    let incident = await only(t);
    const fingerprint = t.alert('latency_high')?.alert.fingerprint ?? '';
    expect(incident).toMatchObject({ id: 'INC-1', severity: 'SEV1', title: 'Alert latency_high firing (lat)', alerts: [fingerprint], acknowledgedAt: null });
    // The P2 alert does not declare (default: P1 only); step 0 pages the primary, Ana, on her channel.
    expect(await t.sent()).toEqual([{ t: 0, channel: 'hook', kind: 'alert', status: 'firing', alerts: ['latency_high P1 firing'] }]);

    // Latency stays high (no data in between keeps the last state): nothing until step 2 at 5 min.
    await t.run(4 * M + 59_000);
    expect(await t.sent()).toEqual([]);
    await t.at(5 * M);
    expect(await t.sent()).toEqual([{ t: 5 * M, channel: 'pager', kind: 'alert', status: 'firing', alerts: ['latency_high P1 firing'] }]);

    // Ben acknowledges the incident (as POST /api/v1/incidents/INC-1/ack does): no step 3 at 30 min.
    incident = await only(t);
    const ack = acknowledge(incident, 'ben', T0 + 7 * M);
    if (ack.kind !== 'changed') throw new Error(ack.kind);
    await state.putIncident(ack.incident, ack.entries);
    await t.run(31 * M);
    expect(await t.sent()).toEqual([]);

    const updated = update(await only(t), { text: 'Rolled back the model', public: true, status: 'identified' }, 'ben', T0 + 32 * M, plan.incidents);
    if (updated.kind !== 'changed') throw new Error(updated.kind);
    await state.putIncident(updated.incident, updated.entries);

    // The alert resolves: an alert_resolved entry; the incident stays open.
    t.set(33 * M);
    await t.req([10]);
    await t.tick();
    expect((await only(t)).status).toBe('identified');
    const resolved = resolve(await only(t), { by: 'ben', text: 'Latency is back to normal' }, T0 + 40 * M, plan.incidents);
    if (resolved.kind !== 'changed') throw new Error(resolved.kind);
    await state.putIncident(resolved.incident, resolved.entries);

    incident = await only(t);
    const timeline = await state.timeline(incident.id);
    expect(timeline.map((e) => [(e.at - T0) / M, e.kind])).toEqual([
      [0, 'declared'],
      [0, 'note'],
      [0, 'alert_fired'],
      [0, 'escalated'],
      [5, 'escalated'],
      [7, 'acknowledged'],
      // SEV1 wants an update every 15 min: reminders (no commander yet, so nobody notified).
      [15, 'reminder'],
      [30, 'reminder'],
      [32, 'public_update'],
      [32, 'status_changed'],
      [33, 'alert_resolved'],
      [40, 'resolved'],
      [40, 'note'],
    ]);
    expect(timeline.filter((e) => e.kind === 'escalated').map((e) => e.text)).toEqual([
      'step 1 of escalation default: paged ana (hook)',
      'step 2 of escalation default: paged ben (pager)',
    ]);

    const draft = postmortemDraft({ incident, timeline, actionItems: [], components: plan.components, severity: plan.incidents.severities.SEV1, product: 'timeline', now: T0 + 41 * M });
    for (const text of ['alert latency_high fired', 'step 1 of escalation default: paged ana (hook)', 'step 2 of escalation default: paged ben (pager)', 'acknowledged by ben', 'Rolled back the model', 'alert latency_high resolved', 'Latency is back to normal']) {
      expect(draft).toContain(text);
    }
  });

  it('an acknowledged alert acknowledges its incident, which stops the paging', async () => {
    t = await startTimeline(plan);
    await t.req([2000]);
    await t.at(0);
    const fingerprint = t.alert('latency_high')?.alert.fingerprint ?? '';
    expect((await t.engine.acknowledge(fingerprint, 'ana')).kind).toBe('acknowledged');
    const incident = await only(t);
    expect(incident.acknowledgedAt).toBe(T0);
    await t.sent();
    await t.run(6 * M);
    expect(await t.sent()).toEqual([]);
  });
});

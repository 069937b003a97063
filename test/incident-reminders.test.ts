/**
 * Overdue-update reminders on a fake clock: a SEV1 incident (an update every
 * 15 min) with a commander who has a channel → no update for 15 min → one
 * reminder entry and one notification to the commander → another at 30 min →
 * a public update restarts the cadence → resolved, no more reminders. And
 * post-mortem reminders: a resolved SEV1 whose post-mortem is not written a
 * day later reminds its commander once a day until it is written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { declare, postmortemWritten, resolve, update } from '../src/incidents/lifecycle.js';
import type { Incident } from '../src/incidents/types.js';
import { H, M, startTimeline, T0, timelinePlan, type Timeline } from './helpers/alert-timeline.js';

const plan = timelinePlan(`
people:
  ana: { name: Ana Silva, channels: [hook] }
  ben: { name: Ben Okafor, channels: [pager] }
`);

let t: Timeline | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function only(timeline: Timeline): Promise<Incident> {
  const [incident, ...rest] = await timeline.stores.state.incidents({});
  expect(rest).toEqual([]);
  if (!incident) throw new Error('no incident');
  return incident;
}

const reminder = (t: number): unknown => ({ t, channel: 'hook', kind: 'alert', status: 'firing', alerts: ['INC-1: update overdue SEV1 firing'] });

describe('overdue-update reminders', () => {
  it('reminds the commander once per cadence period until an update, and never once resolved', async () => {
    t = await startTimeline(plan);
    const state = t.stores.state;
    const declared = declare({ id: await state.nextIncidentId(), title: 'Checkout is down', severity: 'SEV1', by: 'ben', commander: 'ana' }, T0);
    if (declared.kind !== 'changed') throw new Error(declared.kind);
    await state.putIncident(declared.incident, declared.entries);
    const reminders = async (): Promise<[number, string][]> =>
      (await state.timeline('INC-1')).filter((e) => e.kind === 'reminder').map((e) => [(e.at - T0) / M, e.text]);

    // Nothing before 15 min; at 15 min one reminder to Ana through her channel.
    await t.run(14 * M);
    expect(await t.sent()).toEqual([]);
    await t.run(15 * M);
    expect(await t.sent()).toEqual([reminder(15 * M)]);
    expect(await reminders()).toEqual([[15, 'update overdue by 0 seconds: reminded ana (hook)']]);
    const entry = (await state.timeline('INC-1')).find((e) => e.kind === 'reminder');
    expect(entry).toMatchObject({ by: 'launchwatch', public: false });

    // Ticks in between remind no one; the next reminder at 30 min.
    await t.run(29 * M);
    expect(await t.sent()).toEqual([]);
    await t.run(30 * M);
    expect(await t.sent()).toEqual([reminder(30 * M)]);
    expect((await reminders()).map(([at]) => at)).toEqual([15, 30]);

    // A public update at 32 min: none until 47 min.
    const updated = update(await only(t), { text: 'Rolled back the deploy', public: true }, 'ana', T0 + 32 * M, plan.incidents);
    if (updated.kind !== 'changed') throw new Error(updated.kind);
    await state.putIncident(updated.incident, updated.entries);
    await t.run(46 * M);
    expect(await t.sent()).toEqual([]);
    await t.run(47 * M);
    expect(await t.sent()).toEqual([reminder(47 * M)]);

    // The last reminder survives a restart: nothing new before 62 min.
    await t.restart();
    await t.run(61 * M);
    expect(await t.sent()).toEqual([]);

    // Resolved: no reminder ever after.
    const resolved = resolve(await only(t), { by: 'ana', text: 'Checkout is back' }, T0 + 61 * M, plan.incidents);
    if (resolved.kind !== 'changed') throw new Error(resolved.kind);
    await t.stores.state.putIncident(resolved.incident, resolved.entries);
    await t.run(120 * M);
    expect(await t.sent()).toEqual([]);
    expect((await t.stores.state.timeline('INC-1')).filter((e) => e.kind === 'reminder').map((e) => (e.at - T0) / M)).toEqual([15, 30, 47]);
  });

  it('reminds the commander of an unwritten post-mortem once a day from its due time until it is written', async () => {
    t = await startTimeline(timelinePlan(`
people:
  ana: { name: Ana Silva, channels: [hook] }
`, '1h'));
    const timeline = t;
    const state = t.stores.state;
    const declared = declare({ id: await state.nextIncidentId(), title: 'Checkout is down', severity: 'SEV1', by: 'ana', commander: 'ana' }, T0);
    if (declared.kind !== 'changed') throw new Error(declared.kind);
    const resolved = resolve(declared.incident, { by: 'ana', text: 'Checkout is back' }, T0, plan.incidents);
    if (resolved.kind !== 'changed') throw new Error(resolved.kind);
    await state.putIncident(resolved.incident, [...declared.entries, ...resolved.entries]);
    expect(resolved.incident.postmortemDueAt).toBe(T0 + 24 * H);
    const pmReminder = (at: number): unknown => ({ t: at, channel: 'hook', kind: 'alert', status: 'firing', alerts: ['INC-1: post-mortem overdue SEV1 firing'] });
    const reminders = async (): Promise<[number, string][]> =>
      (await timeline.stores.state.timeline('INC-1')).filter((e) => e.kind === 'reminder').map((e) => [(e.at - T0) / H, e.text]);

    // Nothing before the post-mortem is due (24 h after resolving); one reminder at 24 h.
    await t.run(24 * H - M);
    expect(await t.sent()).toEqual([]);
    await t.run(24 * H);
    expect(await t.sent()).toEqual([pmReminder(24 * H)]);
    expect(await reminders()).toEqual([[24, 'post-mortem overdue by 0 seconds: reminded ana (hook)']]);
    expect((await state.timeline('INC-1')).find((e) => e.kind === 'reminder')).toMatchObject({ by: 'launchwatch', public: false });

    // None again until a day later (also across a restart).
    await t.restart();
    await t.run(48 * H - M);
    expect(await t.sent()).toEqual([]);
    await t.run(48 * H);
    expect(await t.sent()).toEqual([pmReminder(48 * H)]);
    expect((await reminders()).map(([at]) => at)).toEqual([24, 48]);

    // Written: no reminder ever after.
    const written = postmortemWritten(await only(t), { by: 'ana', text: 'https://wiki/pm/1' }, T0 + 50 * H);
    if (written.kind !== 'changed') throw new Error(written.kind);
    await t.stores.state.putIncident(written.incident, written.entries);
    await t.run(5 * 24 * H);
    expect(await t.sent()).toEqual([]);
    expect((await reminders()).map(([at]) => at)).toEqual([24, 48]);
  });
});

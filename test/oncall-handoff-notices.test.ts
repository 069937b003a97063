/**
 * Handoff notices on a fake clock against a real DuckDB store: the incoming person is told
 * `handoff_notice` before their shift, through their channels by the outbox, with the open
 * incidents and firing alerts; once, also when asked again or after a reopen; a shift already
 * begun is not announced.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declare } from '../src/incidents/lifecycle.js';
import { incomingShifts, sendHandoffNotices } from '../src/oncall/handoff-notices.js';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import type { Stores } from '../src/store/backends.js';
import { planFrom } from './helpers/plan.js';

const PLAN = planFrom(`
version: 1
product: { name: launch }
events: {}
channels:
  ana_hook: { type: webhook, url: "https://hooks.example.com/ana" }
  ben_hook: { type: webhook, url: "https://hooks.example.com/ben" }
people:
  ana: { channels: [ana_hook] }
  ben: { channels: [ben_hook] }
schedules:
  support:
    timezone: Europe/Lisbon
    handoff_notice: 1h
    layers:
      - { name: nights, every: 1w, handoff: "monday 09:00", people: [ben], start: 2026-01-05 }
      - { name: days, every: 1w, handoff: "monday 09:00", people: [ana], start: 2026-01-05, restrict: [{ weekdays: [mon-fri], times: [{ start: "09:00", end: "18:00" }] }] }
`);

const t = (iso: string): number => Date.parse(iso);
const dir = mkdtempSync(join(tmpdir(), 'lw-handoffs-'));
let stores: Stores;
let ids = 0;
beforeAll(async () => {
  stores = await openEmbeddedStores(dir, { memoryLimit: '256MB' });
});
afterAll(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const declared = declare({ id: 'INC-7', title: 'checkout slow', severity: 'SEV2', by: 'ana' }, t('2026-03-27T06:00:00Z'));
if (declared.kind !== 'changed') throw new Error('declare');
const incident = declared.incident;
const run = (now: number) =>
  sendHandoffNotices({
    plan: PLAN,
    store: stores.oncall,
    now,
    newId: () => `n${++ids}`,
    openIncidents: async () => [incident],
    firingAlerts: () => [{ rule: 'checkout_p95', severity: 'P2' }],
  });
const outbox = async () => (await stores.state.notifications({})).sort((a, b) => a.createdAt - b.createdAt);

describe('handoff notices, as a timeline (Lisbon, DST 2026-03-29)', () => {
  it('finds the shifts that begin within the lead time and hand over to someone new', () => {
    const support = PLAN.schedules.support;
    if (!support) throw new Error('no schedule');
    expect(incomingShifts(support, t('2026-03-27T07:59:00Z'))).toEqual([]);
    expect(incomingShifts(support, t('2026-03-27T08:00:00Z')).map((s) => [s.person, new Date(s.shiftStart).toISOString()])).toEqual([['ana', '2026-03-27T09:00:00.000Z']]);
  });

  it('tells the incoming person an hour before, with the open incidents and firing alerts, once', async () => {
    expect(await run(t('2026-03-27T07:59:00Z'))).toBe(0);
    expect(await run(t('2026-03-27T08:00:00Z'))).toBe(1);
    expect(await run(t('2026-03-27T08:30:00Z'))).toBe(0);
    const [notice] = await outbox();
    expect(notice).toMatchObject({ channel: 'ana_hook', kind: 'alert', groupLabels: { schedule: 'support', person: 'ana' }, delivery: 'pending' });
    expect(notice?.alerts[0]?.annotations).toEqual({
      summary: 'You are on call for support from Fri 2026-03-27 09:00 to Fri 2026-03-27 18:00 (Europe/Lisbon)',
      description: 'Open incidents: INC-7 SEV2 checkout slow. Firing alerts: checkout_p95 (P2).',
    });
  });

  it('tells the night person before 18:00, and after the clocks change, before 09:00 summer time (08:00Z)', async () => {
    expect(await run(t('2026-03-27T17:00:00Z'))).toBe(1);
    expect(await run(t('2026-03-30T06:59:00Z'))).toBe(0);
    expect(await run(t('2026-03-30T07:00:00Z'))).toBe(1);
    const sent = await outbox();
    expect(sent.map((n) => n.channel)).toEqual(['ana_hook', 'ben_hook', 'ana_hook']);
    expect(sent[2]?.alerts[0]?.annotations.summary).toBe('You are on call for support from Mon 2026-03-30 09:00 to Mon 2026-03-30 18:00 (Europe/Lisbon)');
  });

  it('does not tell again after a reopen, nor announce a shift that has begun', async () => {
    await stores.close();
    stores = await openEmbeddedStores(dir, { memoryLimit: '256MB' });
    expect(await run(t('2026-03-30T07:30:00Z'))).toBe(0);
    // 18:00 WEST is 17:00Z: at 17:30Z that shift has begun and nothing is owed.
    expect(await run(t('2026-03-30T17:30:00Z'))).toBe(0);
    expect((await outbox()).length).toBe(3);
  });
});

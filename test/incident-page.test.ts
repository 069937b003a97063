/**
 * Page now: POST /api/v1/incidents/:id/page pages a person, a schedule's
 * on-call or an escalation policy's first step into an open incident, writes
 * the pages to the outbox and records who was paged in the timeline; bad
 * requests are 400s naming the field, a resolved incident a 409. The CLI
 * (`launchwatch incident page`, the built dist/) does the same.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './helpers/server-process.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

let t: TestApp;
const NOW = Date.parse('2026-12-07T12:00:00Z');

beforeAll(async () => {
  t = await startTestApp({
    now: () => NOW,
    plan: planFrom(`
version: 1
product: { name: pageprod }
events:
  gen: { success: boolean }
channels:
  ana_hook: { type: webhook, url: "http://127.0.0.1:9/ana" }
  bo_hook: { type: webhook, url: "http://127.0.0.1:9/bo" }
people:
  ana: { channels: [ana_hook] }
  bo: { channels: [bo_hook] }
schedules:
  secondary: { rotation: { every: 1w, people: [bo] } }
escalation:
  war_room: [ { notify: ["person:ana", "person:bo"] } ]
`),
  });
});
afterAll(() => t.close());

async function page(id: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await t.post(`/api/v1/incidents/${id}/page`, JSON.stringify(body));
  return { status: r.status, json: r.json as Record<string, unknown> };
}

describe('page now', () => {
  it('pages a person, a schedule and an escalation policy into an open incident, in its timeline', async () => {
    const declared = await t.post('/api/v1/incidents', JSON.stringify({ title: 'Checkout errors', severity: 'SEV2', by: 'ana' }));
    const id = (declared.json as { incident: { id: string } }).incident.id;
    expect((await page(id, { schedule: 'secondary', by: 'ana', message: 'need the payments owner' })).json).toMatchObject({ paged: ['bo'], notifications: 1 });
    expect((await page(id, { person: 'ana' })).json).toMatchObject({ paged: ['ana'], notifications: 1 });
    expect((await page(id, { escalation: 'war_room' })).json).toMatchObject({ paged: ['ana', 'bo'], notifications: 2 });
    const outbox = await t.app.stores.state.notifications({ status: 'pending' });
    expect(outbox.map((n) => n.channel).sort()).toEqual(['ana_hook', 'ana_hook', 'bo_hook', 'bo_hook']);
    const shown = (await t.get(`/api/v1/incidents/${id}`)).json as { timeline: { kind: string; text: string; by: string }[] };
    const pages = shown.timeline.filter((e) => e.kind === 'escalated');
    expect(pages.map((e) => e.text)).toEqual([
      'paged schedule secondary: bo (bo_hook) — need the payments owner',
      'paged person ana: ana (ana_hook)',
      'paged escalation war_room: ana (ana_hook), bo (bo_hook)',
    ]);
    expect(pages[0]?.by).toBe('ana');
  });

  it('answers 400 naming the field, 404 for no incident, 409 once resolved', async () => {
    const declared = await t.post('/api/v1/incidents', JSON.stringify({ title: 'Slow search', severity: 'SEV3' }));
    const id = (declared.json as { incident: { id: string } }).incident.id;
    const none = await page(id, {});
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.json)).toContain('exactly one of person, schedule, escalation');
    expect(JSON.stringify((await page(id, { person: 'ana', schedule: 'secondary' })).json)).toContain('given: person, schedule');
    const unknown = await page(id, { person: 'zoe' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.json)).toContain('no person \\"zoe\\"');
    const extra = await page(id, { person: 'ana', loud: true });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.json)).toContain('loud');
    expect((await page('INC-999', { person: 'ana' })).status).toBe(404);
    await t.post(`/api/v1/incidents/${id}/resolve`, JSON.stringify({}));
    expect((await page(id, { person: 'ana' })).status).toBe(409);
  });

  it('pages from the command line', async () => {
    const declared = await t.post('/api/v1/incidents', JSON.stringify({ title: 'War room', severity: 'SEV1' }));
    const id = (declared.json as { incident: { id: string } }).incident.id;
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'incident', 'page', id, '--escalation', 'war_room', '--by', 'ana', '--url', t.url], { env: { ...process.env, NO_COLOR: '1' } });
    expect(stdout).toBe(`${id}: paged ana, bo (2 notifications)\n`);
    const shown = (await t.get(`/api/v1/incidents/${id}`)).json as { timeline: { kind: string; by: string }[] };
    expect(shown.timeline.filter((e) => e.kind === 'escalated').map((e) => e.by)).toEqual(['ana']);
  });
});

/**
 * Run-time on-call overrides and the calendar feeds against the real server on loopback, on a
 * fixed clock: the API (tokens, validation naming the field, the audit log), the CLI, the
 * overrides surviving a reload and a restart, and the iCalendar feeds parsed with ical.js.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLaunchwatch, type Launchwatch } from '../src/app.js';
import { overrideAdd, overrideDelete, overrideList } from '../src/cli/oncall-override.js';
import { createLogger } from '../src/logger.js';
import type { OnCallJson } from '../src/server/routes/oncall.js';
import type { OverrideJson } from '../src/server/routes/oncall-overrides.js';
import { planFrom } from './helpers/plan.js';

const ADMIN = 'admin-token-for-tests-0123456789';
const VIEWER = 'viewer-token-for-tests-012345678';
// Wednesday 2026-03-25 12:00Z: week 11 of the rotations (primary: cleo; support: days cleo, nights ben).
const NOW = Date.parse('2026-03-25T12:00:00Z');

const PLAN = `
version: 1
product: { name: launch }
events: {}
people:
  ana:  { name: Ana Silva, timezone: Europe/Lisbon }
  ben:  { name: "Okafor, Ben; on call", timezone: America/New_York }
  cleo: { name: Cleo Tan }
schedules:
  primary:
    rotation: { every: 1w, handoff: "monday 09:00", timezone: Europe/Lisbon, people: [ana, ben, cleo], start: 2026-01-05 }
  support:
    timezone: Europe/Lisbon
    layers:
      - { name: nights, every: 1w, handoff: "monday 09:00", people: [cleo, ana, ben], start: 2026-01-05 }
      - name: days
        every: 1w
        handoff: "monday 09:00"
        people: [ana, ben, cleo]
        start: 2026-01-05
        restrict: [{ weekdays: [mon-fri], times: [{ start: "09:00", end: "18:00" }] }]
escalation:
  default:
    - { notify: schedule:primary }
`;

const dir = mkdtempSync(join(tmpdir(), 'lw-overrides-'));
let app: Launchwatch;
let url = '';

async function start(): Promise<void> {
  app = await createLaunchwatch({ plan: planFrom(PLAN), dataDir: dir, port: 0, adminToken: ADMIN, viewerToken: VIEWER, logger: createLogger('silent'), scheduler: false, memoryLimit: '256MB', now: () => NOW, env: {} });
  url = await app.start();
}
beforeAll(start);
afterAll(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function request(method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; json: unknown; text: string }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // a calendar
  }
  return { status: response.status, json, text };
}

const christmas = { schedule: 'primary', person: 'ben', from: '2026-03-26T00:00Z', to: '2026-03-27T00:00Z' };

describe('POST, GET and DELETE /api/v1/oncall/overrides', () => {
  it('needs a token, and the admin one to change anything', async () => {
    expect((await request('GET', '/api/v1/oncall/overrides', undefined)).status).toBe(401);
    expect((await request('GET', '/api/v1/oncall/overrides', VIEWER)).status).toBe(200);
    expect((await request('POST', '/api/v1/oncall/overrides', VIEWER, christmas)).status).toBe(403);
    expect((await request('DELETE', '/api/v1/oncall/overrides/ovr_x', VIEWER)).status).toBe(403);
  });

  it.each([
    [{ ...christmas, schedule: 'tertiary' }, 'body schedule: no schedule "tertiary"'],
    [{ ...christmas, person: 'bob' }, 'body person: no person "bob"'],
    [{ ...christmas, from: 'soon' }, 'body from: "soon" is not a date-time'],
    [{ ...christmas, to: '2026-03-25T00:00Z' }, 'body to: an override ends after it begins'],
    [{ schedule: 'primary', person: 'ben', from: '2026-03-26T00:00Z' }, 'body to:'],
    [{ ...christmas, note: 'x' }, 'body note'],
  ])('refuses %j naming the field', async (body, message) => {
    const { status, json } = await request('POST', '/api/v1/oncall/overrides', ADMIN, body);
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining(message) } });
  });

  it('adds an override that who-is-on-call, escalation and the list follow, refuses one that overlaps it, and audits both changes', async () => {
    const { status, json } = await request('POST', '/api/v1/oncall/overrides', ADMIN, { ...christmas, by: 'ana' });
    expect(status).toBe(201);
    const created = (json as { override: OverrideJson }).override;
    expect(created).toMatchObject({ schedule: 'primary', person: 'ben', from: '2026-03-26T00:00:00.000Z', to: '2026-03-27T00:00:00.000Z', created_by: 'ana', created_at: '2026-03-25T12:00:00.000Z' });
    const at = await request('GET', `/api/v1/oncall?at=${encodeURIComponent('2026-03-26T12:00Z')}`, ADMIN);
    const answer = at.json as OnCallJson;
    expect(answer.schedules[0]?.now).toMatchObject({ person: 'ben', source: 'override', since: '2026-03-26T00:00:00.000Z', until: '2026-03-27T00:00:00.000Z' });
    expect(answer.escalation.default?.[0]?.people.map((p) => p.person)).toEqual(['ben']);
    expect((await request('GET', '/api/v1/oncall', ADMIN)).json).toMatchObject({ schedules: [{ now: { person: 'cleo', until: '2026-03-26T00:00:00.000Z' } }, {}] });

    const overlap = await request('POST', '/api/v1/oncall/overrides', ADMIN, { ...christmas, person: 'ana', from: '2026-03-26T12:00Z', to: '2026-03-28T00:00Z' });
    expect(overlap.status).toBe(409);
    expect(overlap.json).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining(`body from: this override overlaps ${created.id}`) } });

    const audit = (await request('GET', '/api/v1/privacy/audit', ADMIN)).json as { entries: { action: string; actor: string; subject: string }[] };
    expect(audit.entries[0]).toMatchObject({ action: 'oncall_override_added', actor: 'ana', subject: `primary:${created.id}` });

    expect((await request('GET', '/api/v1/oncall/overrides?schedule=support', ADMIN)).json).toEqual({ overrides: [] });
    expect((await request('GET', '/api/v1/oncall/overrides', ADMIN)).json).toEqual({ overrides: [created] });
  });

  it('keeps overrides across a plan reload and a restart', async () => {
    const before = (await request('GET', '/api/v1/oncall/overrides', ADMIN)).json;
    expect((await app.reload(planFrom(PLAN))).kind).not.toBe('failed');
    expect((await request('GET', `/api/v1/oncall?at=${encodeURIComponent('2026-03-26T12:00Z')}`, ADMIN)).json).toMatchObject({ schedules: [{ now: { person: 'ben', source: 'override' } }, {}] });
    await app.stop();
    await start();
    expect((await request('GET', '/api/v1/oncall/overrides', ADMIN)).json).toEqual(before);
    expect((await request('GET', `/api/v1/oncall?at=${encodeURIComponent('2026-03-26T12:00Z')}`, ADMIN)).json).toMatchObject({ schedules: [{ now: { person: 'ben', source: 'override' } }, {}] });
  });

  it('deletes an override once, audited; then the rotation is back', async () => {
    const [o] = ((await request('GET', '/api/v1/oncall/overrides', ADMIN)).json as { overrides: OverrideJson[] }).overrides;
    const deleted = await request('DELETE', `/api/v1/oncall/overrides/${o?.id ?? ''}?by=cleo`, ADMIN);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ deleted: o });
    expect((await request('DELETE', `/api/v1/oncall/overrides/${o?.id ?? ''}`, ADMIN)).status).toBe(404);
    const audit = (await request('GET', '/api/v1/privacy/audit', ADMIN)).json as { entries: { action: string; actor: string }[] };
    expect(audit.entries[0]).toMatchObject({ action: 'oncall_override_deleted', actor: 'cleo' });
    expect((await request('GET', `/api/v1/oncall?at=${encodeURIComponent('2026-03-26T12:00Z')}`, ADMIN)).json).toMatchObject({ schedules: [{ now: { person: 'cleo', source: 'rotation' } }, {}] });
  });
});

describe('launchwatch oncall override add | list | delete', () => {
  async function run(body: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
    const log = vi.spyOn(console, 'log').mockImplementation((text: unknown) => void (out += `${String(text)}\n`));
    const error = vi.spyOn(console, 'error').mockImplementation((text: unknown) => void (err += `${String(text)}\n`));
    try {
      return { code: await body(), out, err };
    } finally {
      write.mockRestore();
      log.mockRestore();
      error.mockRestore();
    }
  }
  const client = () => ({ url, token: ADMIN });

  it('adds, lists and deletes, and says why a request is refused', async () => {
    const added = await run(() => overrideAdd({ ...client(), json: true }, { schedule: 'support', person: 'ana', from: '2026-03-27 18:00', to: '2026-03-28 09:00', by: 'ben' }));
    expect(added.code).toBe(0);
    const override = (JSON.parse(added.out) as { override: OverrideJson }).override;
    // A time without a zone is read in the schedule's zone (WET = UTC in March before the 29th).
    expect(override).toMatchObject({ schedule: 'support', person: 'ana', from: '2026-03-27T18:00:00.000Z', to: '2026-03-28T09:00:00.000Z', created_by: 'ben' });
    const listed = await run(() => overrideList({ ...client(), json: false }));
    expect(listed.out).toContain(`${override.id}  support  ana  2026-03-27T18:00:00.000Z → 2026-03-28T09:00:00.000Z  (by ben)`);
    const refused = await run(() => overrideAdd({ ...client(), json: false }, { schedule: 'support', person: 'zed', from: '2026-04-01T00:00Z', to: '2026-04-02T00:00Z' }));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('body person: no person "zed"');
    expect((await run(() => overrideDelete(client(), override.id))).out).toContain(`deleted ${override.id}`);
    expect((await run(() => overrideDelete(client(), override.id))).code).toBe(4);
    expect((await run(() => overrideList({ ...client(), json: false }))).out).toBe('no overrides\n');
  });
});

describe('the iCalendar feeds', () => {
  const calendars = async () => (await request('GET', '/api/v1/oncall/calendars', ADMIN)).json as { schedules: { schedule: string; url: string }[]; people: { person: string; url: string }[] };
  const path = (full: string): string => full.replace(url, '');

  function events(text: string): ICAL.Event[] {
    const component = new ICAL.Component(ICAL.parse(text));
    return component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  }

  it('gives each feed a URL with its own token; a feed refuses no token, a wrong one, and another feed\'s', async () => {
    const feeds = await calendars();
    const support = feeds.schedules.find((s) => s.schedule === 'support')?.url ?? '';
    const primary = feeds.schedules.find((s) => s.schedule === 'primary')?.url ?? '';
    expect(support).toMatch(/\/api\/v1\/oncall\/schedules\/support\.ics\?token=[\w-]{40,}$/);
    expect((await request('GET', path(support), undefined)).status).toBe(200);
    expect((await request('GET', '/api/v1/oncall/schedules/support.ics', undefined)).status).toBe(401);
    expect((await request('GET', '/api/v1/oncall/schedules/support.ics?token=nope', undefined)).status).toBe(401);
    const borrowed = `/api/v1/oncall/schedules/support.ics?${primary.split('?')[1] ?? ''}`;
    expect((await request('GET', borrowed, undefined)).status).toBe(401);
    // The feed token opens its feed only, never the API.
    const token = support.split('token=')[1] ?? '';
    expect((await request('GET', '/api/v1/oncall/overrides', token)).status).toBe(401);
    expect((await request('GET', '/api/v1/oncall/schedules/nope.ics', ADMIN)).status).toBe(404);
  });

  it('lists a layered schedule\'s shifts in UTC with stable UIDs, parsed by ical.js', async () => {
    const feeds = await calendars();
    const feed = path(feeds.schedules.find((s) => s.schedule === 'support')?.url ?? '');
    const first = await request('GET', feed, undefined);
    expect(first.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(first.text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const parsed = events(first.text);
    const friday = parsed.find((e) => e.startDate.toJSDate().getTime() === Date.parse('2026-03-27T09:00:00Z'));
    expect(friday?.endDate.toJSDate().toISOString()).toBe('2026-03-27T18:00:00.000Z');
    expect(friday?.summary).toBe('On call: Cleo Tan (support)');
    const weekend = parsed.find((e) => e.startDate.toJSDate().getTime() === Date.parse('2026-03-27T18:00:00Z'));
    // Escaped in the feed (a comma and a semicolon in the name), read back as written.
    expect(weekend?.summary).toBe('On call: Okafor, Ben; on call (support)');
    expect(weekend?.endDate.toJSDate().toISOString()).toBe('2026-03-30T08:00:00.000Z');
    const again = events((await request('GET', feed, undefined)).text);
    expect(again.map((e) => e.uid)).toEqual(parsed.map((e) => e.uid));
    expect(new Set(parsed.map((e) => e.uid)).size).toBe(parsed.length);
  });

  it('gives a person their shifts across schedules', async () => {
    const feeds = await calendars();
    const feed = path(feeds.people.find((p) => p.person === 'ben')?.url ?? '');
    const parsed = events((await request('GET', feed, undefined)).text);
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.every((e) => e.description.startsWith('Okafor, Ben; on call holds '))).toBe(true);
    // Ben holds primary for week 13 (from Monday 2026-04-06 09:00 WEST = 08:00Z).
    expect(parsed.some((e) => e.summary === 'On call for primary' && e.startDate.toJSDate().toISOString() === '2026-04-06T08:00:00.000Z')).toBe(true);
  });
});

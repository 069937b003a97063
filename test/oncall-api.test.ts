/** GET /api/v1/oncall and `launchwatch oncall` against the real server, on a fixed clock. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { oncallCommand, renderOnCall } from '../src/cli/oncall.js';
import type { OnCallJson } from '../src/server/routes/oncall.js';
import { planFrom } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';

const ADMIN = 'admin-token-for-tests-0123456789';
// Wednesday 2026-03-25 12:00Z: week 11 of the primary rotation (cleo), the week before Lisbon moves to summer time.
const NOW = Date.parse('2026-03-25T12:00:00Z');

const PLAN = `
version: 1
product: { name: launch }
events: {}
people:
  ana:  { name: Ana Silva, email: ana@example.com, slack: "@ana", timezone: Europe/Lisbon }
  ben:  { name: Ben Okafor, email: ben@example.com, timezone: America/New_York }
  cleo: { name: Cleo Tan, email: cleo@example.com, timezone: Asia/Singapore }
schedules:
  primary:
    rotation: { every: 1w, handoff: "monday 09:00", timezone: Europe/Lisbon, people: [ana, ben, cleo], start: 2026-01-05 }
    overrides: [ { person: ben, from: 2026-12-24T00:00Z, to: 2026-12-27T00:00Z } ]
  secondary:
    rotation: { every: 1w, handoff: "monday 09:00", timezone: Europe/Lisbon, people: [ben, cleo, ana], start: 2026-01-05 }
escalation:
  default:
    - { notify: schedule:primary }
    - { after: 5m, notify: schedule:secondary }
    - { after: 30m, notify: person:cleo }
`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ plan: planFrom(PLAN), adminToken: ADMIN, now: () => NOW });
});
afterAll(async () => t.close());

const ana = { person: 'ana', name: 'Ana Silva', timezone: 'Europe/Lisbon' };
const ben = { person: 'ben', name: 'Ben Okafor', timezone: 'America/New_York' };
const cleo = { person: 'cleo', name: 'Cleo Tan', timezone: 'Asia/Singapore' };

describe('GET /api/v1/oncall', () => {
  it('requires the admin token', async () => {
    expect((await t.get('/api/v1/oncall')).status).toBe(401);
  });

  it('says who is on call now, until when, and the next three shifts across the DST change', async () => {
    const { status, json } = await t.get('/api/v1/oncall', ADMIN);
    expect(status).toBe(200);
    const answer = json as OnCallJson;
    expect(answer.at).toBe('2026-03-25T12:00:00.000Z');
    expect(answer.schedules[0]).toEqual({
      id: 'primary',
      timezone: 'Europe/Lisbon',
      now: { ...cleo, source: 'rotation', since: '2026-03-23T09:00:00.000Z', until: '2026-03-30T08:00:00.000Z' },
      next: [
        { ...ana, source: 'rotation', from: '2026-03-30T08:00:00.000Z', until: '2026-04-06T08:00:00.000Z' },
        { ...ben, source: 'rotation', from: '2026-04-06T08:00:00.000Z', until: '2026-04-13T08:00:00.000Z' },
        { ...cleo, source: 'rotation', from: '2026-04-13T08:00:00.000Z', until: '2026-04-20T08:00:00.000Z' },
      ],
    });
    expect(answer.schedules[1]?.now).toMatchObject({ person: 'ana' });
    expect(answer.escalation).toEqual({
      default: [
        { after: '0s', notify: ['schedule:primary'], people: [cleo] },
        { after: '5m', notify: ['schedule:secondary'], people: [ana] },
        { after: '30m', notify: ['person:cleo'], people: [cleo] },
      ],
    });
  });

  it('keeps contact details out of the answer', async () => {
    const text = JSON.stringify((await t.get('/api/v1/oncall', ADMIN)).json);
    expect(text).not.toMatch(/example\.com|@ana|email|slack/);
  });

  it('answers for another time with ?at=, overrides included', async () => {
    const { status, json } = await t.get(`/api/v1/oncall?at=${encodeURIComponent('2026-12-25T10:00:00+01:00')}`, ADMIN);
    expect(status).toBe(200);
    const answer = json as OnCallJson;
    expect(answer.at).toBe('2026-12-25T09:00:00.000Z');
    expect(answer.schedules[0]?.now).toEqual({ ...ben, source: 'override', since: '2026-12-24T00:00:00.000Z', until: '2026-12-27T00:00:00.000Z' });
    expect(answer.schedules[0]?.next[0]).toEqual({ ...cleo, source: 'rotation', from: '2026-12-27T00:00:00.000Z', until: '2026-12-28T09:00:00.000Z' });
    expect(answer.escalation.default?.[0]?.people).toEqual([ben]);
  });

  it('refuses an at without a zone, a non-date, and unknown parameters', async () => {
    for (const at of ['2026-12-25T10:00', '2026-12-25', 'tomorrow', '1798070400000']) {
      const { status, json } = await t.get(`/api/v1/oncall?at=${encodeURIComponent(at)}`, ADMIN);
      expect(status).toBe(400);
      expect(json).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('query at:') } });
    }
    const { status, json } = await t.get('/api/v1/oncall?when=now', ADMIN);
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('when') } });
  });
});

describe('launchwatch oncall', () => {
  async function run(options: { json?: boolean; at?: string; token?: string }): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
    const log = vi.spyOn(console, 'log').mockImplementation((text: unknown) => void (out += `${String(text)}\n`));
    const error = vi.spyOn(console, 'error').mockImplementation((text: unknown) => void (err += `${String(text)}\n`));
    try {
      const code = await oncallCommand({ url: t.url, token: options.token ?? ADMIN, json: options.json ?? false, ...(options.at ? { at: options.at } : {}) });
      return { code, out, err };
    } finally {
      write.mockRestore();
      log.mockRestore();
      error.mockRestore();
    }
  }

  it('prints who is on call per schedule and the next handoffs in the schedule zone, with each person their own time', async () => {
    const { code, out } = await run({});
    expect(code).toBe(0);
    expect(out).toContain('on call at 2026-03-25T12:00:00.000Z');
    expect(out).toContain('primary (times in Europe/Lisbon)');
    expect(out).toMatch(/now\s+Cleo Tan \(cleo\)\s+rotation\s+since Mon 2026-03-23 09:00\s+until Mon 2026-03-30 09:00/);
    expect(out).toMatch(/next\s+Ana Silva \(ana\)\s+rotation\s+from\s+Mon 2026-03-30 09:00\s+until Mon 2026-04-06 09:00\n/);
    // 09:00 in Lisbon on 2026-04-06 is 04:00 in New York and 16:00 in Singapore.
    expect(out).toMatch(/next\s+Ben Okafor \(ben\)\s+rotation\s+from\s+Mon 2026-04-06 09:00\s+until Mon 2026-04-13 09:00 {2}\(Mon 2026-04-06 04:00 in America\/New_York\)/);
    expect(out).toContain('(Mon 2026-04-13 16:00 in Asia/Singapore)');
    expect(out).toMatch(/after 5m\s+schedule:secondary\s+→ Ana Silva \(ana\)/);
  });

  it('asks about another time with --at, and prints JSON with --json', async () => {
    const { code, out } = await run({ json: true, at: '2026-12-25T09:00Z' });
    expect(code).toBe(0);
    const answer = JSON.parse(out) as OnCallJson;
    expect(answer.schedules[0]?.now).toMatchObject({ person: 'ben', source: 'override' });
  });

  it('says why a bad --at is refused, and exits 2', async () => {
    const { code, err } = await run({ at: 'christmas' });
    expect(code).toBe(2);
    expect(err).toContain('launchwatch: query at: "christmas" is not a date-time');
  });

  it('says when the plan has no schedules', () => {
    expect(renderOnCall({ at: '2026-03-25T12:00:00.000Z', schedules: [], escalation: {} })).toBe('on call at 2026-03-25T12:00:00.000Z\n\nno schedules in the plan\n');
  });
});

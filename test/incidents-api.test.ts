/**
 * The incidents API on the real server over loopback, with a fake clock: an
 * incident's whole life (declare, acknowledge, updates, status, resolve,
 * action items, post-mortem, user message, figures), validation naming the
 * field, and the CLI commands against the same server.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCommand, postmortemCommand, showCommand, statsCommand } from '../src/cli/incident-read.js';
import { declareCommand, resolveCommand, updateCommand } from '../src/cli/incident-write.js';
import type { ActionItemJson, IncidentJson, StatsJson, TimelineJson } from '../src/incidents/json.js';
import { planFrom } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';

const ADMIN = 'admin-token-for-incident-tests';
const T0 = Date.parse('2026-11-20T12:00:00Z');
const MIN = 60_000;
let clock = T0;
let t: TestApp;
const dir = mkdtempSync(join(tmpdir(), 'lw-incidents-'));

beforeAll(async () => {
  const plan = planFrom(`
version: 1
product: { name: caro }
events:
  gen: { success: boolean }
components:
  cli: { name: caro CLI, description: "command generation" }
  telemetry: { name: Telemetry backend }
incidents:
  severities:
    SEV2: { response: 15m, resolution: 4h, update_every: 30m }
  status_page_url: https://status.caro.sh
`);
  t = await startTestApp({ plan, adminToken: ADMIN, now: () => clock });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  type: string;
  text: string;
  json: unknown;
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown, token: string | null = ADMIN): Promise<Answer> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${t.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, type, text, json: type.startsWith('application/json') && text ? (JSON.parse(text) as unknown) : null };
}

interface Changed {
  changed: boolean;
  reason: string;
  incident: IncidentJson;
  entries: TimelineJson[];
}
interface Detail {
  incident: IncidentJson;
  timeline: TimelineJson[];
  action_items: ActionItemJson[];
}
const errorOf = (a: Answer) => (a.json as { error: { code: string; message: string } }).error;
const client = { url: '', token: ADMIN };
const capture = () => {
  const lines: string[] = [];
  return { out: (text: string) => void lines.push(text), text: () => lines.join('') };
};

describe('an incident from declaration to post-mortem', () => {
  it('lives through the API with every change on its timeline', async () => {
    clock = T0;
    const declared = await call('POST', '/api/v1/incidents', {
      title: 'Command generation failing',
      severity: 'SEV2',
      components: { cli: 'major_outage' },
      commander: 'ana',
      summary: 'errors since the 11:50 deploy',
      public_update: 'We are investigating failed command generation.',
      by: 'ben',
    });
    expect(declared.status).toBe(201);
    const inc = (declared.json as Changed).incident;
    expect(inc).toMatchObject({ id: 'INC-1', status: 'investigating', severity: 'SEV2', commander: 'ana', declared_at: '2026-11-20T12:00:00.000Z', acknowledged_at: null, next_update_due_at: '2026-11-20T12:30:00.000Z' });
    expect(inc.targets.response).toEqual({ target_ms: 15 * MIN, verdict: 'pending', left_ms: 15 * MIN });

    clock = T0 + 4 * MIN;
    const ack = await call('POST', '/api/v1/incidents/INC-1/ack', { by: 'ana' });
    expect(ack.status).toBe(201);
    expect((ack.json as Changed).incident.figures.time_to_acknowledge_ms).toBe(4 * MIN);
    const again = await call('POST', '/api/v1/incidents/INC-1/ack', { by: 'ana' });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ changed: false, reason: 'already_acknowledged' });

    clock = T0 + 10 * MIN;
    const identified = await call('POST', '/api/v1/incidents/INC-1/updates', { text: 'Rolled back deploy 4f2a.', public: false, status: 'identified', components: { telemetry: 'degraded' }, by: 'ana' });
    expect(identified.status).toBe(201);
    expect((identified.json as Changed).entries.map((e) => e.kind)).toEqual(['note', 'note', 'status_changed']);

    clock = T0 + 20 * MIN;
    expect((await call('POST', '/api/v1/incidents/INC-1/status', { status: 'monitoring', by: 'ana' })).status).toBe(201);
    const pub = await call('POST', '/api/v1/incidents/INC-1/updates', { text: 'A fix is live; we are watching.', public: true, eta: '2026-11-20T13:00:00Z', by: 'ana' });
    expect(pub.status).toBe(201);

    // The user-facing message (seed 002) at this point: only public things.
    const message = await call('GET', '/api/v1/incidents/INC-1/messages/user');
    expect(message.type).toMatch(/^text\/plain/);
    expect(message.text).toContain('Subject: caro Service Update - Command generation failing');
    expect(message.text).toContain('We are currently experiencing an issue with caro CLI and Telemetry backend that may affect your ability to use command generation and Telemetry backend.');
    expect(message.text).toContain('We expect to have service restored by 2026-11-20 13:00 UTC.');
    expect(message.text).toContain('For real-time updates, please visit our status page: https://status.caro.sh');
    for (const secret of ['4f2a', 'ana', 'ben', '11:50']) expect(message.text).not.toContain(secret);

    clock = T0 + 45 * MIN;
    const resolved = await call('POST', '/api/v1/incidents/INC-1/resolve', { text: 'Command generation works again.', by: 'ana' });
    expect(resolved.status).toBe(201);
    expect((resolved.json as Changed).incident).toMatchObject({ status: 'resolved', resolved_at: '2026-11-20T12:45:00.000Z', mitigated_at: '2026-11-20T12:20:00.000Z', postmortem_due_at: '2026-11-21T12:45:00.000Z' });
    const twice = await call('POST', '/api/v1/incidents/INC-1/resolve', {});
    expect(twice.status).toBe(409);
    expect(errorOf(twice).code).toBe('conflict');

    const item = await call('POST', '/api/v1/incidents/INC-1/action-items', { title: 'Canary deploys for the CLI backend', owner: 'ben', due_at: '2026-12-01', by: 'ana' });
    expect(item.status).toBe(201);
    expect(item.json).toMatchObject({ action_item: { id: 'AI-1', owner: 'ben', due_at: '2026-12-01T00:00:00.000Z', done: false } });

    const detail = (await call('GET', '/api/v1/incidents/INC-1')).json as Detail;
    expect(detail.timeline.map((e) => [e.at.slice(11, 16), e.kind, e.public])).toEqual([
      ['12:00', 'declared', true],
      ['12:00', 'note', false],
      ['12:00', 'public_update', true],
      ['12:04', 'acknowledged', false],
      ['12:10', 'note', false],
      ['12:10', 'note', false],
      ['12:10', 'status_changed', true],
      ['12:20', 'status_changed', true],
      ['12:20', 'note', false],
      ['12:20', 'public_update', true],
      ['12:45', 'resolved', true],
      ['12:45', 'note', false],
      ['12:45', 'note', false],
    ]);
    expect(detail.action_items.map((a) => a.title)).toEqual(['Canary deploys for the CLI backend']);

    const draft = await call('GET', '/api/v1/incidents/INC-1/postmortem');
    expect(draft.type).toMatch(/^text\/markdown/);
    expect(draft.text).toContain('# Incident Report - caro: INC-1 Command generation failing');
    expect(draft.text).toContain('- **Duration**: 45 minutes');
    expect(draft.text).toContain('- **12:10** note · ana: Rolled back deploy 4f2a.');
    expect(draft.text).toContain('- **12:45** resolved (public) · ana: Command generation works again.');
    expect(draft.text).toContain('- [ ] AI-1: Canary deploys for the CLI backend - ben - 2026-12-01');

    clock = T0 + 5 * 60 * MIN;
    const written = await call('POST', '/api/v1/incidents/INC-1/postmortem', { text: 'https://wiki.example.com/pm/inc-1', by: 'ana' });
    expect((written.json as Changed).incident.postmortem_written_at).toBe('2026-11-20T17:00:00.000Z');
    const done = await call('POST', '/api/v1/incidents/INC-1/action-items/AI-1', { done: true, by: 'ben' });
    expect(done.json).toMatchObject({ action_item: { id: 'AI-1', done: true } });
  });

  it('lists by status and gives figures over a window', async () => {
    clock = T0 + 6 * 60 * MIN;
    const open = await call('POST', '/api/v1/incidents', { title: 'Telemetry slow', severity: 'SEV3', components: { telemetry: 'degraded' } });
    expect((open.json as Changed).incident.id).toBe('INC-2');
    const ids = async (status: string) => ((await call('GET', `/api/v1/incidents?status=${status}`)).json as { incidents: IncidentJson[] }).incidents.map((i) => i.id);
    expect(await ids('open')).toEqual(['INC-2']);
    expect(await ids('resolved')).toEqual(['INC-1']);
    expect(await ids('all')).toEqual(['INC-2', 'INC-1']);

    clock = T0 + 8 * 60 * MIN; // INC-2 unacknowledged for 2h: past its 1h response target
    const stats = (await call('GET', '/api/v1/incidents/stats?window=7d')).json as StatsJson;
    expect(stats).toMatchObject({ window: '7d', incidents: 2, open: 1, resolved: 1, mtta_ms: 4 * MIN, mttr_ms: 45 * MIN });
    expect(stats.by_severity.SEV2).toMatchObject({ incidents: 1, response: { target_ms: 15 * MIN, met: 1, missed: 0, rate: 1 }, resolution: { met: 1, rate: 1 } });
    expect(stats.by_severity.SEV3).toMatchObject({ incidents: 1, response: { met: 0, missed: 1, pending: 0, rate: 0 }, resolution: { pending: 1, rate: null } });
    const none = (await call('GET', '/api/v1/incidents/stats?window=1h')).json as StatsJson;
    expect(none).toMatchObject({ incidents: 0, mtta_ms: null });
  });
});

describe('validation and errors', () => {
  it('names the field at fault', async () => {
    const cases: [unknown, RegExp][] = [
      [{ severity: 'SEV2' }, /^body title: /],
      [{ title: 'x', severity: 'SEV9' }, /^body severity: /],
      [{ title: 'x', severity: 'SEV2', components: { cli: 'broken' } }, /^body components\.cli: /],
      [{ title: 'x', severity: 'SEV2', components: { web: 'degraded' } }, /^body components\.web: no component "web" in the plan \(components: cli, telemetry\)$/],
      [{ title: 'x', severity: 'SEV2', colour: 'red' }, /^body colour: unknown field$/],
      [{ title: 'x', severity: 'SEV2', started_at: '2030-01-01T00:00:00Z' }, /^body started_at: the impact cannot start after now/],
    ];
    for (const [body, message] of cases) {
      const answer = await call('POST', '/api/v1/incidents', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(answer)).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(message) });
    }
    expect(errorOf(await call('POST', '/api/v1/incidents/INC-2/updates', { text: 'x', public: 'yes' })).message).toMatch(/^body public: /);
    expect(errorOf(await call('POST', '/api/v1/incidents/INC-2/status', { status: 'fixed' })).message).toMatch(/^body status: /);
    expect(errorOf(await call('GET', '/api/v1/incidents?status=closed')).message).toMatch(/^query status: /);
    expect(errorOf(await call('GET', '/api/v1/incidents/stats?window=soon')).message).toMatch(/^query window: "soon" is not a duration/);
  });

  it('refused declarations take no id; unknown incidents and items are not found; the admin token is required', async () => {
    const next = await call('POST', '/api/v1/incidents', { title: 'Third', severity: 'SEV4' });
    expect((next.json as Changed).incident.id).toBe('INC-3');
    const missing = await call('GET', '/api/v1/incidents/INC-99');
    expect(missing.status).toBe(404);
    expect(errorOf(missing)).toEqual({ code: 'not_found', message: 'no incident "INC-99"' });
    expect((await call('GET', '/api/v1/incidents/INC-99/postmortem')).status).toBe(404);
    expect((await call('POST', '/api/v1/incidents/INC-1/action-items/AI-9', { done: true })).status).toBe(404);
    expect((await call('GET', '/api/v1/incidents', undefined, null)).status).toBe(401);
  });
});

describe('the CLI against the server', () => {
  it('declares, updates, lists, shows, resolves, writes the post-mortem and prints figures', async () => {
    const c = { ...client, url: t.url };
    clock = T0 + 9 * 60 * MIN;
    let o = capture();
    expect(await declareCommand({ ...c, title: 'CLI declared', severity: 'SEV1', components: { cli: 'partial_outage' }, commander: 'cleo', by: 'cleo' }, o.out)).toBe(0);
    expect(o.text()).toBe('INC-4 declared (SEV1, investigating): CLI declared\n');

    o = capture();
    expect(await updateCommand({ ...c, id: 'INC-4', text: 'We found it.', public: true, status: 'identified', components: {}, by: 'cleo' }, o.out)).toBe(0);
    expect(o.text()).toBe('INC-4 updated (SEV1, identified): CLI declared\n');

    o = capture();
    expect(await listCommand({ ...c, status: 'open', json: false }, o.out)).toBe(0);
    expect(o.text().split('\n')[0]).toMatch(/^ID\s+SEV\s+STATUS\s+DECLARED\s+COMMANDER\s+TITLE$/);
    expect(o.text()).toMatch(/^INC-4\s+SEV1\s+identified\s+2026-11-20 21:00\s+cleo\s+CLI declared$/m);

    o = capture();
    expect(await showCommand({ ...c, id: 'INC-4', json: false }, o.out)).toBe(0);
    expect(o.text()).toContain('public_update (public)  cleo: We found it.');
    expect(o.text()).toContain('response   0 seconds (target 5 minutes, met)');

    clock = T0 + 10 * 60 * MIN;
    o = capture();
    expect(await resolveCommand({ ...c, id: 'INC-4', by: 'cleo' }, o.out)).toBe(0);
    expect(o.text()).toContain('post-mortem due by 2026-11-21 22:00 UTC: launchwatch postmortem INC-4');

    const file = join(dir, 'inc-4.md');
    o = capture();
    expect(await postmortemCommand({ ...c, id: 'INC-4', out: file }, o.out)).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('| Time to resolve | 1 hour | 1 hour | met |');
    expect(await postmortemCommand({ ...c, id: 'INC-4', out: file }, o.out)).toBe(2);
    expect(await postmortemCommand({ ...c, id: 'INC-99' }, o.out)).toBe(4);

    o = capture();
    expect(await statsCommand({ ...c, window: '30d', json: false }, o.out)).toBe(0);
    expect(o.text()).toMatch(/^SEV1\s+1\s+0 seconds\s+1 hour\s+100%\s+100%$/m);
  });
});

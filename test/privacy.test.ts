/**
 * Privacy end to end, against the real server and a real DuckDB file: personal
 * data never reaches the data directory, redactions become a metric and fire
 * the PII-leak rule, consent gives the opt-out rate, user_id policy, the kill
 * switch across a restart, erasure and access requests with their audit log,
 * and retention.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLaunchwatch, type Launchwatch } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { INGEST_KEY } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const DAY = 86_400_000;
const SALT = 'test-salt-0123456789abcdef';

function plan(privacy = '') {
  return planFrom(
    `
version: 1
product: { name: privacy-test }
ingest:
  keys: [{ name: test, key: ${INGEST_KEY} }]
events:
  run:
    ok: boolean
    message: { type: string, optional: true }
    shell: { enum: [bash, zsh] }
metrics:
  pii_redactions: { from: launchwatch_redaction, sum: count, window: 1h, target: { green: "<= 0" } }
  redactions_by_kind: { from: launchwatch_redaction, sum: count, by: kind, window: 1h }
  opt_out_rate: { from: telemetry_consent, ratio: { choice: opt_out }, window: 7d }
alerts:
  - { name: pii_leak, when: "pii_redactions > 0", severity: P1, summary: "personal data reached telemetry" }
${privacy}
`,
    { SALT },
  );
}

interface Running {
  readonly app: Launchwatch;
  readonly url: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: unknown; headers: Headers }>;
  get(path: string): Promise<{ status: number; json: unknown }>;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lw-privacy-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dir: string, privacy = '', now = () => NOW): Promise<Running> {
  const app = await createLaunchwatch({ plan: plan(privacy), dataDir: dir, port: 0, logger: createLogger('silent'), scheduler: false, now, memoryLimit: '512MB' });
  const url = await app.start();
  let stopped = false;
  const stop = async () => {
    if (!stopped) await app.stop();
    stopped = true;
  };
  cleanup.push(stop);
  const read = async (response: Response) => ({ status: response.status, json: (await response.json()) as unknown, headers: response.headers });
  return {
    app,
    url,
    post: async (path, body, headers = {}) =>
      read(await fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}`, ...headers } })),
    get: async (path) => read(await fetch(`${url}${path}`)),
  };
}

const run = (id: string, message: string, extra: Record<string, unknown> = {}) => ({ id, type: 'run', timestamp: NOW - 1000, properties: { ok: true, shell: 'zsh', message }, ...extra });

/** Every byte under the data directory: the DuckDB file, its WAL, the ingest log. */
function dataBytes(dir: string): Buffer {
  const parts: Buffer[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else parts.push(readFileSync(full));
    }
  };
  walk(dir);
  return Buffer.concat(parts);
}

describe('scrubbing on ingest', () => {
  it('stores markers instead of personal data, answers what it redacted, and nothing personal reaches the data directory', async () => {
    const dir = tempDir();
    const server = await start(dir);
    const answer = await server.post('/v1/events', [
      run('e1', 'mail jane.doe@example.com failed from 203.0.113.7'),
      run('e2', 'ENOENT /home/jsmith/.config/caro with ghp_16C7e42F292c6912E7710c838347Ae178B4a'),
      run('e3', 'all good'),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ accepted: 3, duplicates: 0, rejected: [], redacted: { email: 1, ip: 1, path: 1, secret: 1 } });
    await server.app.stop();

    const bytes = dataBytes(dir);
    for (const leaked of ['jane.doe@example.com', '203.0.113.7', 'jsmith', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a']) expect(bytes.includes(Buffer.from(leaked))).toBe(false);
    expect(bytes.includes(Buffer.from('mail [email] failed from [ip]'))).toBe(true);
  });

  it('counts redactions as launchwatch_redaction events: a metric by kind, and the PII-leak rule fires P1', async () => {
    const server = await start(tempDir());
    await server.post('/v1/events', [run('e1', 'a@b.io and c@d.io'), run('e2', 'card 4111 1111 1111 1111')]);
    // The same batch again: duplicates, and its redactions are not counted twice.
    expect((await server.post('/v1/events', [run('e1', 'a@b.io and c@d.io')])).json).toMatchObject({ accepted: 0, duplicates: 1 });

    const metrics = (await server.get('/api/v1/metrics')).json as { metrics: { id: string; value: number; status: string; groups: { group: Record<string, string>; value: number }[] }[] };
    const byId = new Map(metrics.metrics.map((m) => [m.id, m]));
    expect(byId.get('pii_redactions')).toMatchObject({ value: 3, status: 'red' });
    expect(byId.get('redactions_by_kind')?.groups.map((g) => [g.group.kind, g.value]).sort()).toEqual([
      ['card', 1],
      ['email', 2],
    ]);
    await server.app.evaluateAndRecord();
    const alerts = (await server.get('/api/v1/alerts')).json as { alerts: { rule: string; state: string; severity: string }[] };
    expect(alerts.alerts).toContainEqual(expect.objectContaining({ rule: 'pii_leak', state: 'firing', severity: 'P1' }));
  });

  it('counts redactions by kind in the ingest counters of /api/v1/status and in GET /metrics, a resent event counting nothing twice', async () => {
    const server = await start(tempDir());
    expect(((await server.get('/api/v1/status')).json as { ingest: unknown }).ingest).toMatchObject({ redactions: {} });
    await server.post('/v1/events', [run('e1', 'a@b.io and c@d.io from 10.1.2.3'), run('e2', 'card 4111 1111 1111 1111'), run('e3', 'nothing personal')]);
    expect((await server.post('/v1/events', [run('e1', 'a@b.io and c@d.io from 10.1.2.3')])).json).toMatchObject({ duplicates: 1, redacted: { email: 2, ip: 1 } });
    expect(((await server.get('/api/v1/status')).json as { ingest: unknown }).ingest).toMatchObject({ accepted: 3, duplicates: 1, redactions: { email: 2, ip: 1, card: 1 } });
    const exposition = await (await fetch(`${server.url}/metrics`)).text();
    expect(exposition).toContain('# TYPE launchwatch_redactions_total counter\n');
    expect(exposition).toContain('launchwatch_redactions_total{kind="email"} 2\n');
    expect(exposition).toContain('launchwatch_redactions_total{kind="ip"} 1\n');
    expect(exposition).toContain('launchwatch_redactions_total{kind="card"} 1\n');
    expect(exposition).not.toContain('a@b.io');
  });

  it('refuses launchwatch_redaction events from a sender', async () => {
    const server = await start(tempDir());
    const answer = await server.post('/v1/events', [{ type: 'launchwatch_redaction', timestamp: NOW, properties: { kind: 'email', event: 'run', property: 'x', count: 100 } }]);
    expect(answer.json).toMatchObject({ accepted: 0, rejected: [{ index: 0, error: "type: launchwatch_redaction is written by launchwatch's own redaction of personal data; clients cannot send it" }] });
  });
});

describe('consent', () => {
  it('accepts telemetry_consent without an identifier and gives the opt-out rate', async () => {
    const server = await start(tempDir());
    const consent = (id: string, choice: string) => ({ id, type: 'telemetry_consent', timestamp: NOW - 1000, properties: { choice } });
    expect((await server.post('/v1/events', [consent('c1', 'opt_in'), consent('c2', 'opt_out'), consent('c3', 'opt_in'), consent('c4', 'opt_out')])).json).toMatchObject({ accepted: 4 });
    const metrics = (await server.get('/api/v1/metrics')).json as { metrics: { id: string; value: number }[] };
    expect(metrics.metrics.find((m) => m.id === 'opt_out_rate')?.value).toBe(0.5);
  });
});

describe('user_id', () => {
  it('rejects one that looks like an e-mail address by default', async () => {
    const server = await start(tempDir());
    const answer = await server.post('/v1/events', [run('e1', 'x', { user_id: 'jane@example.com' }), run('e2', 'x', { user_id: 'u_8f3a' })]);
    expect(answer.json).toMatchObject({ accepted: 1, rejected: [{ index: 0, error: expect.stringContaining('user_id: looks like an e-mail address') as string }] });
  });

  it('hashes it with the salt under user_id: hash; purge-user and export-user find the user by the id as sent', async () => {
    const dir = tempDir();
    const server = await start(dir, 'privacy: { user_id: hash, salt: "${SALT}" }');
    await server.post('/v1/events', [run('e1', 'x', { user_id: 'jane@example.com' }), run('e2', 'y', { user_id: 'jane@example.com' }), run('e3', 'z', { user_id: 'u_other1' })]);
    const exported = await server.post('/api/v1/privacy/users/export', { user_id: 'jane@example.com', by: 'dpo' });
    expect(exported.status).toBe(200);
    const body = exported.json as { subject: string; events: { id: string; user_id: string }[] };
    expect(body.events.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(body.events[0]?.user_id).toMatch(/^h_[0-9a-f]{32}$/);
    expect(body.subject).toMatch(/^sha256:[0-9a-f]{32}$/);

    const purged = await server.post('/api/v1/privacy/users/purge', { user_id: 'jane@example.com', by: 'dpo' });
    expect(purged.json).toEqual({ subject: body.subject, deleted: { run: 2 }, total: 2 });
    expect(((await server.post('/api/v1/privacy/users/export', { user_id: 'jane@example.com' })).json as { events: unknown[] }).events).toEqual([]);

    const audit = (await server.get('/api/v1/privacy/audit')).json as { entries: { action: string; actor: string; subject: string | null; details: unknown }[] };
    expect(audit.entries.map((e) => [e.action, e.actor, e.subject])).toEqual([
      ['export_user', 'api', body.subject],
      ['purge_user', 'dpo', body.subject],
      ['export_user', 'dpo', body.subject],
    ]);
    expect(audit.entries[1]?.details).toEqual({ deleted: { run: 2 } });
    await server.app.stop();
    expect(dataBytes(dir).includes(Buffer.from('jane@example.com'))).toBe(false);
  });
});

describe('the ingest kill switch', () => {
  it('pauses with a clear 503, stays paused across a restart, and resumes', async () => {
    const dir = tempDir();
    const first = await start(dir);
    expect((await first.post('/api/v1/privacy/pause', { reason: 'PII report under investigation', by: 'ops' })).json).toMatchObject({
      ingest: { state: 'paused', source: 'switch', reason: 'PII report under investigation', by: 'ops' },
    });
    const refused = await first.post('/v1/events', [run('e1', 'x')]);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('600');
    expect(refused.json).toEqual({
      error: { code: 'unavailable', message: 'ingest is paused: PII report under investigation. Telemetry is not accepted until an operator resumes it; keep events and retry later' },
    });
    await first.app.stop();

    const second = await start(dir);
    expect((await second.post('/v1/events', [run('e1', 'x')])).status).toBe(503);
    expect((await second.post('/api/v1/privacy/resume', { by: 'ops' })).json).toMatchObject({ ingest: { state: 'open', source: 'switch' } });
    expect((await second.post('/v1/events', [run('e1', 'x')])).json).toMatchObject({ accepted: 1 });
    const audit = (await second.get('/api/v1/privacy/audit')).json as { entries: { action: string }[] };
    expect(audit.entries.map((e) => e.action)).toEqual(['resume', 'pause']);
  });

  it('cannot be resumed over the plan’s privacy.ingest: paused', async () => {
    const server = await start(tempDir(), 'privacy: { ingest: paused, pause_reason: telemetry backend stopped }');
    expect((await server.post('/v1/events', [run('e1', 'x')])).json).toMatchObject({ error: { code: 'unavailable', message: expect.stringContaining('telemetry backend stopped') as string } });
    const resume = await server.post('/api/v1/privacy/resume', {});
    expect(resume.status).toBe(409);
    expect(resume.json).toMatchObject({ error: { code: 'conflict' } });
  });

  it('refuses a malformed body with the field', async () => {
    const server = await start(tempDir());
    expect((await server.post('/api/v1/privacy/pause', { reason: 'x', colour: 'red' })).json).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await server.post('/api/v1/privacy/users/purge', {})).json).toEqual({ error: { code: 'invalid_request', message: 'body user_id: Invalid input: expected string, received undefined' } });
  });
});

describe('retention', () => {
  it('deletes events past privacy.retention.events, and says how many in the audit log', async () => {
    let now = NOW;
    const server = await start(tempDir(), 'privacy: { retention: { events: 90d, samples: forever } }', () => now);
    const old = { id: 'old', type: 'run', timestamp: NOW - 100 * DAY, properties: { ok: true, shell: 'bash' } };
    expect((await server.post('/v1/events', [old, run('new', 'x')])).json).toMatchObject({ accepted: 2 });
    expect((await server.post('/api/v1/privacy/retention/run', {})).json).toEqual({ events: { run: 1 }, samples: 0, alerts: {} });
    now = NOW + 91 * DAY;
    expect((await server.post('/api/v1/privacy/retention/run', {})).json).toEqual({ events: { run: 1 }, samples: 0, alerts: {} });
    const audit = (await server.get('/api/v1/privacy/audit')).json as { entries: { action: string; details: { class: string; deleted: unknown } }[] };
    expect(audit.entries.map((e) => [e.action, e.details.class, e.details.deleted])).toEqual([
      ['retention', 'events', { run: 1 }],
      ['retention', 'events', { run: 1 }],
    ]);
    expect((await server.get('/api/v1/privacy')).json).toMatchObject({ ingest: { state: 'open', source: 'default' }, user_id: 'reject', retention: { events: '90d', samples: 'forever', alerts: 'forever' } });
  });

  it('deletes alert transitions, finished notifications and ended silences past privacy.retention.alerts', async () => {
    let now = NOW;
    const server = await start(tempDir(), 'privacy: { retention: { alerts: 30d } }', () => now);
    const silence = { matchers: [{ name: 'alertname', value: 'x', isRegex: false, isEqual: true }], startsAt: new Date(NOW).toISOString(), endsAt: new Date(NOW + DAY).toISOString(), createdBy: 'ops', comment: 'maintenance' };
    expect((await server.post('/api/v2/silences', silence)).status).toBe(200);
    expect((await server.post('/api/v1/privacy/retention/run', {})).json).toEqual({ events: {}, samples: 0, alerts: { history: 0, notifications: 0, silences: 0 } });
    now = NOW + 32 * DAY;
    expect((await server.post('/api/v1/privacy/retention/run', {})).json).toEqual({ events: {}, samples: 0, alerts: { history: 0, notifications: 0, silences: 1 } });
    expect((await server.get('/api/v2/silences')).json).toEqual([]);
    const audit = (await server.get('/api/v1/privacy/audit')).json as { entries: { details: { class: string } }[] };
    expect(audit.entries.map((e) => e.details.class)).toEqual(['alerts', 'alerts']);
    expect((await server.get('/api/v1/privacy')).json).toMatchObject({ retention: { events: 'forever', samples: 'forever', alerts: '30d' } });
  });
});

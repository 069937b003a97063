/**
 * Incident roles on the real server over loopback, on both state backends
 * (DuckDB, and PostgreSQL with ClickHouse events): assign and unassign by API
 * and CLI, each a timeline entry; the commander field as the commander role;
 * roles in the incident JSON, the timeline and the post-mortem, kept across a
 * restart; validation naming the field; viewers may not assign.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { roleCommand } from '../src/cli/incident-role.js';
import type { IncidentJson, TimelineJson } from '../src/incidents/json.js';
import type { StoreOptions } from '../src/store/backends.js';
import { dropTestDatabases, freshDatabaseUrl } from './helpers/clickhouse-events.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLaunchwatch, type Launchwatch } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { planFrom } from './helpers/plan.js';
import { freshDatabase } from './helpers/postgres.js';

const ADMIN = 'admin-token-for-role-tests';
const VIEWER = 'viewer-token-for-role-tests';
const NOW = Date.parse('2026-12-07T12:00:00Z');

const plan = planFrom(`
version: 1
product: { name: roleprod }
events:
  gen: { success: boolean }
channels:
  hook: { type: webhook, url: "http://127.0.0.1:9/hook" }
people:
  ana: { channels: [hook] }
  ben: { channels: [hook] }
  cem: { channels: [hook] }
incidents:
  roles: [commander, communications, scribe]
`);

const dirs: string[] = [];
afterAll(async () => {
  await dropTestDatabases();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Running {
  readonly app: Launchwatch;
  readonly url: string;
}

/** The real app on loopback, on the given store or a DuckDB file in \`dataDir\`, which a restart opens again. */
async function start(store: StoreOptions | undefined, dataDir: string): Promise<Running> {
  const app = await createLaunchwatch({
    logger: createLogger('silent'),
    // A replica of a shared store takes API writes once it leads, and it stands for election with its duties.
    scheduler: store !== undefined,
    memoryLimit: '512MB',
    plan,
    adminToken: ADMIN,
    viewerToken: VIEWER,
    now: () => NOW,
    port: 0,
    ...(store ? { store } : { dataDir }),
  });
  const url = await app.start();
  // The only replica wins the first election.
  for (let waited = 0; app.role() !== 'leader'; waited += 50) {
    if (waited > 60_000) throw new Error('the only replica never came to lead');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { app, url };
}

interface Changed {
  changed: boolean;
  reason: string;
  incident: IncidentJson;
  entries: TimelineJson[];
}

const backends: [string, () => Promise<StoreOptions | undefined>][] = [
  ['DuckDB', () => Promise.resolve(undefined)],
  ['PostgreSQL', async () => ({ kind: 'scaleout', stateUrl: await freshDatabase(), eventsUrl: freshDatabaseUrl() })],
];

describe.each(backends)('incident roles on %s', (_name, store) => {
  const fresh = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-roles-'));
    dirs.push(dir);
    return dir;
  };

  async function call(t: Running, method: 'GET' | 'POST', path: string, body?: unknown, token = ADMIN) {
    const response = await fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, json: (response.headers.get('content-type') ?? '').startsWith('application/json') ? (JSON.parse(text) as unknown) : null };
  }

  it('assigns and unassigns roles with timeline entries, shows them everywhere, keeps them across a restart', async () => {
    const options = await store();
    const dir = fresh();
    let t = await start(options, dir);
    try {
      const first = await call(t, 'POST', '/api/v1/incidents', { title: 'Checkout failing', severity: 'SEV2', commander: 'ana', by: 'ana' });
      expect(first.status, first.text).toBe(201);
      const declared = first.json as Changed;
      const id = declared.incident.id;
      expect(declared.incident.roles).toEqual({ commander: 'ana', communications: null, scribe: null });

      const scribe = await call(t, 'POST', `/api/v1/incidents/${id}/roles`, { role: 'scribe', person: 'cem', by: 'ana' });
      expect(scribe.status).toBe(201);
      const answer = scribe.json as Changed;
      expect(answer.incident.roles).toEqual({ commander: 'ana', communications: null, scribe: 'cem' });
      expect(answer.entries).toEqual([{ at: new Date(NOW).toISOString(), kind: 'role_changed', by: 'ana', text: 'scribe: none → cem', public: false }]);

      const again = await call(t, 'POST', `/api/v1/incidents/${id}/roles`, { role: 'scribe', person: 'cem' });
      expect([again.status, (again.json as Changed).changed]).toEqual([200, false]);

      // The commander role is the commander field, which the updates API still changes.
      const command = (await call(t, 'POST', `/api/v1/incidents/${id}/roles`, { role: 'commander', person: 'ben', by: 'ana' })).json as Changed;
      expect([command.incident.commander, command.incident.roles.commander]).toEqual(['ben', 'ben']);
      const back = (await call(t, 'POST', `/api/v1/incidents/${id}/updates`, { commander: 'ana', by: 'ben' })).json as Changed;
      expect(back.incident.roles.commander).toBe('ana');

      const lines: string[] = [];
      expect(await roleCommand({ url: t.url, token: ADMIN, id, role: 'communications', person: 'ben', unassign: false, by: 'ana' }, (text) => void lines.push(text))).toBe(0);
      expect(await roleCommand({ url: t.url, token: ADMIN, id, role: 'scribe', unassign: true, by: 'ana' }, (text) => void lines.push(text))).toBe(0);
      expect(lines).toEqual([`${id} communications: ben\n`, `${id} scribe: unassigned\n`]);

      await t.app.stop();
      t = await start(options, dir);
      const detail = (await call(t, 'GET', `/api/v1/incidents/${id}`)).json as { incident: IncidentJson; timeline: TimelineJson[] };
      expect(detail.incident.roles).toEqual({ commander: 'ana', communications: 'ben', scribe: null });
      expect(detail.timeline.filter((e) => e.kind === 'role_changed' || e.kind === 'commander_changed').map((e) => e.text)).toEqual([
        'scribe: none → cem',
        'commander: ana → ben',
        'commander: ben → ana',
        'communications: none → ben',
        'scribe: cem → none',
      ]);
      const postmortem = await call(t, 'GET', `/api/v1/incidents/${id}/postmortem`);
      expect(postmortem.text).toContain('- **Roles**: communications ben, scribe unassigned');
      expect(postmortem.text).toContain('role · ana: communications: none → ben');
    } finally {
      await t.app.stop();
    }
  });

  it('refuses an unknown role or person naming the field, a viewer, and an unknown incident', async () => {
    const t = await start(await store(), fresh());
    try {
      const id = ((await call(t, 'POST', '/api/v1/incidents', { title: 'Slow', severity: 'SEV3' })).json as Changed).incident.id;
      const role = await call(t, 'POST', `/api/v1/incidents/${id}/roles`, { role: 'liaison', person: 'ana' });
      expect([role.status, (role.json as { error: { message: string } }).error.message]).toEqual([400, 'body role: no role "liaison" in the plan\'s incidents.roles (roles: commander, communications, scribe)']);
      const person = await call(t, 'POST', `/api/v1/incidents/${id}/roles`, { role: 'scribe', person: 'zed' });
      expect([person.status, (person.json as { error: { message: string } }).error.message]).toEqual([400, 'body person: no person "zed" in the plan\'s people (people: ana, ben, cem)']);
      const missing = await call(t, 'POST', `/api/v1/incidents/${id}/roles`, { role: 'scribe' });
      expect([missing.status, (missing.json as { error: { message: string } }).error.message]).toEqual([400, expect.stringMatching(/^body person: /)]);
      expect((await call(t, 'POST', `/api/v1/incidents/${id}/roles`, { role: 'scribe', person: 'ana' }, VIEWER)).status).toBe(403);
      expect((await call(t, 'POST', '/api/v1/incidents/INC-99/roles', { role: 'scribe', person: 'ana' })).status).toBe(404);
      const detail = (await call(t, 'GET', `/api/v1/incidents/${id}`)).json as { timeline: TimelineJson[] };
      expect(detail.timeline.some((e) => e.kind === 'role_changed')).toBe(false);
    } finally {
      await t.app.stop();
    }
  });
});

/**
 * Alert hygiene over HTTP, on the real server (loopback, a real DuckDB file,
 * the notification worker) with a fake clock: a rule fires on a Saturday
 * night, is acknowledged, resolves and fires again within the hour (a flap)
 * with nobody acknowledging; on Monday morning it fires in working hours and
 * is acknowledged; later it fires under a silence; an incident is declared by
 * hand. GET /api/v1/alerts/hygiene then counts each of those, and the
 * built CLI (`launchwatch alerts hygiene`, run `npm run build` first) shows them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';
import { CLI } from './helpers/server-process.js';

const M = 60_000;
const H = 60 * M;
/** Saturday 7 November 2026, 02:00 UTC (and in Lisbon, where Ana is). */
const SATURDAY_NIGHT = Date.parse('2026-11-07T02:00:00Z');
/** Monday 9 November 2026, 10:00 UTC. */
const MONDAY_MORNING = Date.parse('2026-11-09T10:00:00Z');
const INGEST_KEY = 'hygiene-ingest-key-0123456789';
const ADMIN = 'hygiene-admin-token-0123456789';
const VIEWER = 'hygiene-viewer-token-0123456789';

let clock = SATURDAY_NIGHT;
let t: TestApp;
let hook: Receiver;
let ids = 0;

beforeAll(async () => {
  hook = await startReceiver();
  const plan = planFrom(`
version: 1
product: { name: hygiene }
ingest: { keys: [ { name: cli, key: "${INGEST_KEY}" } ] }
evaluation: { interval: 1h }
events:
  req: { ms: number }
metrics:
  lat: { from: req, mean: ms, window: 10m, unit: ms }
channels:
  ana_hook: { type: webhook, url: "${hook.url}/ana" }
people:
  ana: { name: Ana Silva, channels: [ana_hook], timezone: Europe/Lisbon }
alerts:
  - { name: latency_high, when: "lat > 1000", severity: P2, summary: "latency {{ value }}" }
routing:
  group_wait: 0s
  group_interval: 1m
  routes:
    - { match: { severity: P2 }, channels: [ana_hook] }
`);
  t = await startTestApp({ plan, scheduler: true, now: () => clock, adminToken: ADMIN, viewerToken: VIEWER });
});
afterAll(async () => {
  await t.close();
  await hook.close();
});

const api = async (method: 'GET' | 'POST', path: string, body?: unknown, token = ADMIN): Promise<{ status: number; json: Record<string, unknown> }> => {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const response = await fetch(`${t.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

/** Requests of this latency a second ago, then an evaluation at the clock. */
async function latency(ms: number): Promise<void> {
  const events = Array.from({ length: 3 }, () => ({ type: 'req', id: `r${++ids}`, timestamp: new Date(clock - 1000).toISOString(), properties: { ms } }));
  expect((await t.post('/v1/events', JSON.stringify(events), { authorization: `Bearer ${INGEST_KEY}` })).status).toBe(200);
  await t.app.evaluateAndRecord();
}

async function firingFingerprint(): Promise<string> {
  const alerts = (await api('GET', '/api/v1/alerts?state=firing')).json.alerts as { fingerprint: string }[];
  expect(alerts).toHaveLength(1);
  return alerts[0]?.fingerprint ?? '';
}

/** The clock moved to `at`, slow requests (fires), an acknowledgement `ackAfter` later if given, fast requests 20 minutes in (resolves). */
async function episode(at: number, ackAfter?: number): Promise<void> {
  clock = at;
  await latency(2500);
  const fingerprint = await firingFingerprint();
  if (ackAfter !== undefined) {
    clock = at + ackAfter;
    expect((await api('POST', `/api/v1/alerts/${fingerprint}/ack`, { by: 'ana' })).status).toBe(201);
  }
  clock = at + 20 * M;
  await latency(100);
  expect((await api('GET', '/api/v1/alerts?state=firing')).json.alerts).toEqual([]);
}

const run = promisify(execFile);
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', LAUNCHWATCH_ADMIN_TOKEN: VIEWER } });
    return { code: 0, stdout, stderr };
  } catch (error: unknown) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface RuleJson {
  rule: string;
  fired: number;
  flapped: number;
  acknowledged: number;
  never_acknowledged: number;
  silenced: number;
  time_to_acknowledge: { median_ms: number | null; p95_ms: number | null };
  notifications: { total: number; in_working_hours: number; outside_working_hours: number };
  suggestion: { kind: string; text: string } | null;
}

describe('GET /api/v1/alerts/hygiene', () => {
  it('counts firings, flaps, acknowledgements, silences, notifications by working hours, pages per person and incidents without an alert', async () => {
    await episode(SATURDAY_NIGHT, 3 * M); // 02:00, acknowledged at 02:03, resolved 02:20
    await episode(SATURDAY_NIGHT + 40 * M); // 02:40, 20 minutes after resolving: a flap; nobody acknowledges
    await episode(MONDAY_MORNING, 5 * M); // 10:00, acknowledged at 10:05
    clock = MONDAY_MORNING + 2 * H;
    const silence = { matchers: [{ name: 'alertname', value: 'latency_high', isRegex: false, isEqual: true }], startsAt: new Date(clock).toISOString(), endsAt: new Date(clock + H).toISOString(), createdBy: 'ana', comment: 'deploying the fix' };
    expect((await api('POST', '/api/v2/silences', silence)).status).toBe(200);
    await episode(clock + M); // 12:01, under the silence
    clock = MONDAY_MORNING + 4 * H;
    expect((await api('POST', '/api/v1/incidents', { title: 'Checkout fails for some cards', severity: 'SEV2', by: 'ana' })).status).toBe(201);

    // What was owed to Ana's channel, read from the outbox: on Saturday (night, weekend) or on Monday (working hours).
    clock = MONDAY_MORNING + 5 * H;
    const owed = (await api('GET', '/api/v1/notifications')).json.notifications as { channel: string; created_at: string }[];
    const onSaturday = owed.filter((n) => n.created_at.startsWith('2026-11-07')).length;
    const onMonday = owed.filter((n) => n.created_at.startsWith('2026-11-09')).length;
    expect(owed.every((n) => n.channel === 'ana_hook')).toBe(true);
    expect(onSaturday).toBeGreaterThanOrEqual(2);
    expect(onMonday).toBeGreaterThanOrEqual(1);
    expect(onSaturday + onMonday).toBe(owed.length);

    const answer = await api('GET', '/api/v1/alerts/hygiene?since=7d', undefined, VIEWER);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ since: '7d', from: new Date(clock - 7 * 24 * H).toISOString(), to: new Date(clock).toISOString() });
    const rules = answer.json.rules as RuleJson[];
    expect(rules.map((r) => r.rule)).toEqual(['latency_high']);
    expect(rules[0]).toMatchObject({
      fired: 4,
      flapped: 1,
      acknowledged: 2,
      never_acknowledged: 2,
      silenced: 1,
      time_to_acknowledge: { median_ms: 3 * M, p95_ms: 5 * M },
      notifications: { total: owed.length, in_working_hours: onMonday, outside_working_hours: onSaturday },
    });
    expect(answer.json.people).toEqual([{ person: 'ana', zone: 'Europe/Lisbon', pages: owed.length, at_night: onSaturday, on_weekends: onSaturday, outside_working_hours: onSaturday }]);
    expect(answer.json.incidents_without_alert).toEqual([
      { id: 'INC-1', title: 'Checkout fails for some cards', severity: 'SEV2', declared_at: new Date(MONDAY_MORNING + 4 * H).toISOString(), declared_by: 'ana' },
    ]);

    // A span that starts after the weekend leaves Saturday's firings, the flap and the night pages out.
    const monday = (await api('GET', '/api/v1/alerts/hygiene?since=6h')).json;
    expect((monday.rules as RuleJson[])[0]).toMatchObject({ fired: 2, flapped: 0, acknowledged: 1, silenced: 1, notifications: { outside_working_hours: 0 } });
    expect(monday.people).toEqual([expect.objectContaining({ person: 'ana', at_night: 0, on_weekends: 0 })]);
  });

  it('is shown by launchwatch alerts hygiene as tables, or as the same JSON with --json', async () => {
    const text = await cli(['alerts', 'hygiene', '--since', '7d', '--url', t.url]);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe(`Alert hygiene, ${new Date(clock - 7 * 24 * H).toISOString().slice(0, 16).replace('T', ' ')} to 2026-11-09 15:00 UTC (the last 7d)`);
    const header = lines.find((l) => l.startsWith('RULE'));
    expect(header?.split(/\s{2,}/)).toEqual(['RULE', 'FIRED', 'FLAPPED', 'ACKED', 'NEVER ACKED', 'SILENCED', 'ACK MEDIAN', 'ACK P95', 'SENT IN HOURS', 'OUTSIDE HOURS']);
    const api7d = (await api('GET', '/api/v1/alerts/hygiene?since=7d')).json;
    const rule = (api7d.rules as RuleJson[])[0];
    const row = lines.find((l) => l.startsWith('latency_high'))?.split(/\s{2,}/);
    expect(row).toEqual(['latency_high', '4', '1', '2', '2', '1', '3 minutes', '5 minutes', String(rule?.notifications.in_working_hours), String(rule?.notifications.outside_working_hours)]);
    expect(lines.find((l) => l.startsWith('ana'))?.split(/\s{2,}/)).toEqual(['ana', 'Europe/Lisbon', String(rule?.notifications.total), ...Array(3).fill(String(rule?.notifications.outside_working_hours))]);
    expect(lines.find((l) => l.startsWith('INC-1'))?.split(/\s{2,}/)).toEqual(['INC-1', 'SEV2', '2026-11-09 14:00', 'ana', 'Checkout fails for some cards']);

    const json = await cli(['alerts', 'hygiene', '--since', '7d', '--json', '--url', t.url]);
    expect(JSON.parse(json.stdout)).toEqual(api7d);
    const bad = await cli(['alerts', 'hygiene', '--since', '400d', '--url', t.url]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('since');
    // The alerts list is still the parent command.
    expect(JSON.parse((await cli(['alerts', '--json', '--url', t.url])).stdout)).toMatchObject({ alerts: [{ rule: 'latency_high', state: 'resolved' }] });
  });

  it("is a section of the month's report, as JSON and as Markdown", async () => {
    const report = (await api('GET', '/api/v1/reports/monthly?month=2026-11&format=json', undefined, VIEWER)).json;
    const rule = ((await api('GET', '/api/v1/alerts/hygiene?since=30d')).json.rules as RuleJson[])[0];
    expect(report.hygiene).toEqual({
      rules: 1,
      noisiest: [
        {
          rule: 'latency_high',
          fired: 4,
          flapped: 1,
          neverAcknowledged: 2,
          silenced: 1,
          timeToAcknowledgeMedianMs: 3 * M,
          notifications: rule?.notifications.total,
          outsideWorkingHours: rule?.notifications.outside_working_hours,
          suggestion: rule?.suggestion?.text ?? null,
        },
      ],
      people: [expect.objectContaining({ person: 'ana', pages: rule?.notifications.total, atNight: rule?.notifications.outside_working_hours, onWeekends: rule?.notifications.outside_working_hours })],
      blindSpots: [{ id: 'INC-1', title: 'Checkout fails for some cards', severity: 'SEV2', declaredAt: new Date(MONDAY_MORNING + 4 * H).toISOString(), declaredBy: 'ana' }],
    });
    const markdown = await (await fetch(`${t.url}/api/v1/reports/monthly?month=2026-11&format=md`, { headers: { authorization: `Bearer ${VIEWER}` } })).text();
    expect(markdown).toContain('## Alert hygiene: noisiest rules');
    expect(markdown).toContain('| latency_high | 4 | 1 | 2 | 1 | 3 minutes |');
    expect(markdown).toContain('| INC-1 | SEV2 |');
    // October had none of it.
    const october = (await api('GET', '/api/v1/reports/monthly?month=2026-10&format=json')).json;
    expect(october.hygiene).toMatchObject({ rules: 0, noisiest: [], blindSpots: [] });
  });

  it('defaults to the last 30 days, and answers 400 naming the parameter for a since out of range or malformed', async () => {
    expect((await api('GET', '/api/v1/alerts/hygiene', undefined, VIEWER)).json).toMatchObject({ since: '30d', from: new Date(clock - 30 * 24 * H).toISOString() });
    for (const since of ['400d', '5m', 'soon']) {
      const bad = await api('GET', `/api/v1/alerts/hygiene?since=${since}`);
      expect(bad.status).toBe(400);
      expect(bad.json.error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('since') as unknown });
    }
    const unknown = await api('GET', '/api/v1/alerts/hygiene?window=7d');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.json)).toContain('window');
  });

  it('requires a token', async () => {
    expect((await fetch(`${t.url}/api/v1/alerts/hygiene`)).status).toBe(401);
  });
});

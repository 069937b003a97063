/**
 * Reloading the plan on the real app over loopback (POST /-/reload): a good
 * plan is in force at once, a refused one leaves the running plan untouched
 * and says every error at file:line:col, /metrics tells which happened last,
 * and the admin token guards it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const ADMIN = 'admin-token-0123456789abcdef';
const VIEWER = 'viewer-token-0123456789abcdef';

const header = `version: 1
product: { name: reloading }
ingest: { keys: [ { name: cli, key: "${INGEST_KEY}" } ] }
evaluation: { interval: 1h }
`;
const PLAN_A = `${header}events:
  run:
    x: string
metrics:
  runs: { from: run, count: true, window: 1h }
`;
const PLAN_B = `${header}events:
  run:
    x: string
  stop:
    why: { type: string, optional: true }
metrics:
  runs: { from: run, count: true, window: 1h }
  stops: { from: stop, count: true, window: 1h, target: { green: "<= 1" } }
`;

let t: TestApp;
let dir: string;
let file: string;

const reload = (token: string | null = ADMIN) =>
  fetch(`${t.url}/-/reload`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} }).then(async (r) => ({ status: r.status, json: (await r.json()) as unknown }));
const metricIds = async () => ((await t.get('/api/v1/metrics', ADMIN)).json as { metrics: { id: string }[] }).metrics.map((m) => m.id);
const scrape = async () => (await fetch(`${t.url}/metrics`)).text();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lw-reload-'));
  file = join(dir, 'plan.yaml');
  writeFileSync(file, PLAN_A);
  t = await startTestApp({ plan: planFrom(PLAN_A), planFile: file, adminToken: ADMIN, viewerToken: VIEWER });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /-/reload', () => {
  it('needs the admin token: 401 without, 403 with the viewer token, and the plan is not read', async () => {
    writeFileSync(file, PLAN_B);
    expect(await reload(null)).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
    expect(await reload(VIEWER)).toMatchObject({ status: 403, json: { error: { code: 'forbidden' } } });
    expect(await metricIds()).toEqual(['runs']);
    writeFileSync(file, PLAN_A);
  });

  it('puts a good plan in force: its new metric is in the API and its new event is accepted', async () => {
    expect(await t.post('/v1/events', JSON.stringify([{ type: 'stop', timestamp: Date.now() }]))).toMatchObject({ json: { accepted: 0, rejected: [{ index: 0 }] } });
    writeFileSync(file, PLAN_B);
    expect(await reload()).toEqual({ status: 200, json: { status: 'reloaded', version: 2, metrics: 2 } });
    expect(await metricIds()).toEqual(['runs', 'stops']);
    const posted = await t.post('/v1/events', JSON.stringify([{ type: 'stop', timestamp: Date.now(), properties: { why: 'done' } }]));
    expect(posted).toMatchObject({ status: 200, json: { accepted: 1, rejected: [] } });
    expect(((await t.get('/api/v1/metrics/stops', ADMIN)).json as { metric: { value: number } }).metric.value).toBe(1);
    expect(t.app.plan.current().metrics.map((m) => m.id)).toEqual(['runs', 'stops']);
  });

  it('refuses an invalid plan with every error at file:line:col, keeps serving the plan in force, and /metrics says so until a good reload', async () => {
    const invalid = `${header}events:
  run:
    x: string
metrics:
  runs: { from: run, count: true, window: soon }
  broken: { from: nowhere, count: true, window: 1h }
`;
    writeFileSync(file, invalid);
    const answer = await reload();
    expect(answer.status).toBe(400);
    const body = answer.json as { error: { code: string; message: string; errors: { file: string; line: number; col: number; text: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.errors.length).toBeGreaterThanOrEqual(2);
    const lines = invalid.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(body.error.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file, line: lineOf('nowhere'), message: expect.stringContaining('no event "nowhere"') as unknown }),
        expect.objectContaining({ file, line: lineOf('soon'), message: expect.stringContaining('"soon" is not a duration') as unknown }),
      ]),
    );
    for (const error of body.error.errors) {
      expect(error.text).toMatch(new RegExp(`^${file}:\\d+:\\d+: `));
      expect(body.error.message).toContain(error.text);
    }
    expect(await metricIds()).toEqual(['runs', 'stops']);
    expect(t.app.plan.version()).toBe(2);
    expect(await scrape()).toContain('launchwatch_plan_last_reload_successful 0\n');

    const before = Number(/^launchwatch_plan_last_reload_success_timestamp_seconds (\S+)$/m.exec(await scrape())?.[1]);
    writeFileSync(file, PLAN_B);
    expect((await reload()).status).toBe(200);
    const after = await scrape();
    expect(after).toContain('launchwatch_plan_last_reload_successful 1\n');
    expect(Number(/^launchwatch_plan_last_reload_success_timestamp_seconds (\S+)$/m.exec(after)?.[1])).toBeGreaterThan(before);
  });

  it('refuses a plan that changes a stored property type, at the property, before anything changes', async () => {
    const changed = PLAN_B.replace('    x: string', '    x: number').replace('  runs:', '  total_x: { from: run, sum: x, window: 1h }\n  runs:');
    writeFileSync(file, changed);
    const answer = await reload();
    expect(answer.status).toBe(400);
    const errors = (answer.json as { error: { errors: { line: number; col: number; message: string }[] } }).error.errors;
    const line = changed.split('\n').findIndex((l) => l === '    x: number') + 1;
    expect(errors).toEqual([expect.objectContaining({ line, col: 5, message: expect.stringContaining('stored as varchar but the plan now declares number') as unknown })]);
    expect(await metricIds()).toEqual(['runs', 'stops']);
    // The dry run changed nothing: events with x as text are still stored.
    expect(await t.post('/v1/events', JSON.stringify([{ type: 'run', timestamp: Date.now(), properties: { x: 'text' } }]))).toMatchObject({ json: { accepted: 1 } });
  });

  it('answers a plan file that is gone with its path, and keeps the plan in force', async () => {
    rmSync(file);
    const answer = await reload();
    expect(answer).toMatchObject({ status: 400, json: { error: { errors: [{ file, line: 0, col: 0, message: 'plan file not found' }] } } });
    expect(await metricIds()).toEqual(['runs', 'stops']);
    writeFileSync(file, PLAN_B);
  });
});

describe('the dashboard after a reload', () => {
  it('hears a plan event on the live stream, and the overview has the new plan\'s metrics', async () => {
    // node:http with a connection of its own, destroyed at the end: the stream leaves nothing open behind it.
    let text = '';
    const heard: { needle: string; resolve: () => void }[] = [];
    const request = get(`${t.url}/api/v1/stream`, { agent: false, headers: { authorization: `Bearer ${VIEWER}` } }, (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        for (const h of heard.splice(0)) if (text.includes(h.needle)) h.resolve();
        else heard.push(h);
      });
    });
    const until = (needle: string) => new Promise<void>((resolve) => (text.includes(needle) ? resolve() : heard.push({ needle, resolve })));
    try {
      await until('event: ready');
      writeFileSync(file, PLAN_A);
      expect((await reload()).status).toBe(200);
      await until('event: plan');
      const data = /event: plan\ndata: (.*)\n/.exec(text)?.[1] ?? '';
      expect(JSON.parse(data)).toMatchObject({ version: t.app.plan.version(), metrics: 1 });
      const overview = (await t.get('/api/v1/overview/metrics', VIEWER)).json as { metrics: { id: string }[] };
      expect(overview.metrics.map((m) => m.id)).toEqual(['runs']);
    } finally {
      request.destroy();
    }
  });
});

describe('app.reload without a plan file', () => {
  it('takes a plan value, and refuses to re-read a file it never had', async () => {
    const bare = await startTestApp({ plan: planFrom(PLAN_A) });
    try {
      expect(await bare.app.reload(planFrom(PLAN_B))).toEqual({ kind: 'reloaded', version: 2, metrics: 2 });
      expect((await bare.get('/api/v1/metrics')).json).toMatchObject({ metrics: [{ id: 'runs' }, { id: 'stops' }] });
      const answer = await fetch(`${bare.url}/-/reload`, { method: 'POST' });
      expect(answer.status).toBe(409);
      expect(await answer.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('no file to read again') as unknown } });
    } finally {
      await bare.close();
    }
  });
});

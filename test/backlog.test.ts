/**
 * The RICE backlog against the real app (a real DuckDB file) over HTTP and
 * through the built CLI: add, rank, top, ship with a release and see the
 * measured impact beside the expected one, export GitHub issue bodies.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GithubIssue } from '../src/backlog/github.js';
import type { BacklogItemJson } from '../src/backlog/json.js';
import { fixturePlan } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { CLI } from './helpers/server-process.js';

const run = promisify(execFile);
const ADMIN = 'admin-token-for-tests-0123456789';
const H = 3_600_000;
const RELEASE_AT = Date.parse('2026-11-20T12:00:00Z');
const NOW = RELEASE_AT + 50 * H;
const dir = mkdtempSync(join(tmpdir(), 'lw-backlog-'));
let t: TestApp;

const admin = { authorization: `Bearer ${ADMIN}` };
const post = (path: string, body: unknown) => t.post(path, JSON.stringify(body), admin);
const get = (path: string) => t.get(path, ADMIN);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, NO_COLOR: '1', LAUNCHWATCH_URL: t.url, LAUNCHWATCH_ADMIN_TOKEN: ADMIN };
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error: unknown) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  t = await startTestApp({ plan: await fixturePlan(), adminToken: ADMIN, now: () => NOW });
  // 60 % success before the release, 85 % after; 20 generations in the last 24 h for the evidence (75 %).
  const events = [];
  for (let i = 0; i < 100; i++) {
    events.push({ id: `b${i}`, type: 'command_generation', timestamp: RELEASE_AT - 1 - i * 60_000, properties: { backend: 'static', success: i < 60, duration_ms: 100 } });
    events.push({ id: `a${i}`, type: 'command_generation', timestamp: RELEASE_AT + i * 60_000, properties: { backend: 'static', success: i < 85, duration_ms: 100 } });
  }
  for (let i = 0; i < 20; i++) events.push({ id: `n${i}`, type: 'command_generation', timestamp: NOW - (i + 1) * 60_000, properties: { backend: 'embedded', success: i < 15, duration_ms: 900 } });
  expect((await t.post('/v1/events', JSON.stringify({ events }))).json).toMatchObject({ accepted: events.length });
  expect((await post('/api/v1/releases', { version: '1.1.0', at: RELEASE_AT })).status).toBe(201);
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the backlog API', () => {
  it('adds items with their RICE score and rank; impact as a word or a number, confidence as a percentage', async () => {
    const first = await post('/api/v1/backlog', { title: 'Cache static matches', metric: 'generation_latency_p95', reach: 300, impact: 'medium', confidence: '50%', effort: 1 });
    expect(first.status).toBe(201);
    expect((first.json as { item: BacklogItemJson }).item).toMatchObject({ id: 'BL-1', rice: 150, rank: 1, impact: 1, confidence: 0.5, status: 'open', measured: null, created_at: new Date(NOW).toISOString() });
    const second = await post('/api/v1/backlog', {
      title: 'Retry embedded timeouts',
      metric: 'command_success_rate',
      reach: 1000,
      impact: 2,
      confidence: 0.8,
      effort: 2,
      expected_change: '+20%',
      notes: 'Timeouts are most embedded failures.',
    });
    expect((second.json as { item: BacklogItemJson }).item).toMatchObject({ id: 'BL-2', rice: 800, rank: 1, expected_change: 0.2 });
    await post('/api/v1/backlog', { title: 'Shorter prompt', metric: 'mean_latency', reach: 50, impact: 0.25, confidence: '100%', effort: 5 });
    const top = (await get('/api/v1/backlog/top?n=2')).json as { items: BacklogItemJson[] };
    expect(top.items.map((i) => [i.id, i.rank, i.rice])).toEqual([
      ['BL-2', 1, 800],
      ['BL-1', 2, 150],
    ]);
  });

  it('refuses bad items, naming the field', async () => {
    const error = async (body: unknown) => ((await post('/api/v1/backlog', body)).json as { error: { code: string; message: string } }).error;
    const good = { title: 'x', metric: 'awu', reach: 1, impact: 1, confidence: '50%', effort: 1 };
    expect(await error({ ...good, metric: 'nope' })).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^body metric: no metric "nope" in the plan/) });
    expect((await error({ ...good, impact: 5 })).message).toMatch(/^body impact/);
    expect((await error({ ...good, effort: 0 })).message).toMatch(/^body effort/);
    expect((await error({ ...good, confidence: '150%' })).message).toBe('body confidence: must be more than 0% and at most 100%');
    expect((await error({ ...good, rice: 3 })).message).toBe('body rice: unknown field');
    expect((await t.get('/api/v1/backlog')).status).toBe(401);
  });

  it('ships an item with a marked release, and shows the measured impact beside the expected one', async () => {
    expect(((await post('/api/v1/backlog/BL-2/ship', { release: '9.9.9' })).json as { error: { message: string } }).error.message).toMatch(/^body release: no release "9\.9\.9"/);
    expect((await post('/api/v1/backlog/BL-99/ship', { release: '1.1.0' })).status).toBe(404);
    const shipped = await post('/api/v1/backlog/BL-2/ship', { release: '1.1.0' });
    expect(shipped.status).toBe(200);
    const item = (shipped.json as { item: BacklogItemJson }).item;
    expect(item).toMatchObject({ status: 'shipped', release: '1.1.0', rank: null, expected_change: 0.2, shipped_at: new Date(NOW).toISOString() });
    // 60 % → 85 %: +41.7 % measured against +20 % expected; p = 7.5e-5 (two-proportion z-test).
    expect(item.measured).toMatchObject({ window: '2d', before: 0.6, after: 0.85, verdict: 'improved' });
    expect(item.measured?.relative_change).toBeCloseTo(0.25 / 0.6, 12);
    expect(item.measured?.p_value).toBeCloseTo(7.525229170296329e-5, 12);
    expect(((await post('/api/v1/backlog/BL-2/ship', { release: '1.1.0' })).json as { error: { code: string } }).error.code).toBe('conflict');
    const list = (await get('/api/v1/backlog')).json as { items: BacklogItemJson[] };
    expect(list.items.map((i) => [i.id, i.rank, i.status])).toEqual([
      ['BL-1', 1, 'open'],
      ['BL-3', 2, 'open'],
      ['BL-2', null, 'shipped'],
    ]);
    expect((await get('/api/v1/backlog?status=shipped')).json).toMatchObject({ items: [{ id: 'BL-2', measured: { verdict: 'improved' } }] });
    expect((await get('/api/v1/backlog/BL-2')).json).toMatchObject({ item: { id: 'BL-2', measured: { verdict: 'improved' } } });
  });

  it('exports the top open items as GitHub issue bodies with the evidence', async () => {
    await post('/api/v1/backlog', { title: 'Fix embedded failures', metric: 'command_success_rate', reach: 800, impact: 3, confidence: '80%', effort: 2, notes: 'See the failing embedded backend.' });
    const { json } = await get('/api/v1/backlog/export?top=2&format=github');
    const issues = (json as { format: string; issues: GithubIssue[] }).issues;
    expect(issues.map((i) => i.title)).toEqual(['Fix embedded failures', 'Cache static matches']);
    expect(Object.keys(issues[0] ?? {}).sort()).toEqual(['body', 'labels', 'title']);
    expect(issues[0]?.labels).toEqual(['optimization', 'metric:command_success_rate']);
    expect(issues[0]?.body).toContain('See the failing embedded backend.');
    expect(issues[0]?.body).toContain('- Metric **command_success_rate** (`command_success_rate`): 75.0% over the last 1d against the target >= 86%, status **red**, 20 events.');
    expect(issues[0]?.body).toContain('| 800 | 3 (massive) | 80% | 2 | 960 |');
    expect(issues[0]?.body).toContain('Ranked 1 of 3 open items in the testprod optimisation backlog (BL-4).');
    expect((await get('/api/v1/backlog/export?format=jira')).status).toBe(400);
  });
});

describe('launchwatch backlog', () => {
  it('adds, lists with expected beside measured, ships and exports issue files', async () => {
    const add = await cli(['backlog', 'add', '--title', 'Warm the model', '--metric', 'generation_latency_p95', '--reach', '200', '--impact', 'high', '--confidence', '80%', '--effort', '4', '--expected', '-20%']);
    expect(add).toMatchObject({ code: 0, stdout: 'BL-5 added: RICE 80, ranked 3: Warm the model\n' });
    const list = await cli(['backlog', 'list']);
    expect(list.stdout).toMatch(/^#\s+ID\s+RICE\s+REACH\s+IMPACT\s+CONF\s+EFFORT\s+METRIC\s+TITLE$/m);
    expect(list.stdout).toMatch(/^1\s+BL-4\s+960\s+800\s+3\s+80%\s+2\s+command_success_rate\s+Fix embedded failures$/m);
    expect(list.stdout).toMatch(/^BL-2\s+1\.1\.0\s+command_success_rate\s+\+20\.0%\s+\+41\.7%\s+improved\s+Retry embedded timeouts$/m);
    const top = await cli(['backlog', 'top', '1']);
    expect(top.stdout.trim().split('\n')).toHaveLength(2);
    expect(await cli(['backlog', 'ship', 'BL-1', '--release', '1.1.0'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^BL-1 shipped with 1\.1\.0: Cache static matches\nexpected –, measured /) });
    expect(await cli(['backlog', 'ship', 'BL-1', '--release', '1.1.0'])).toMatchObject({ code: 2, stderr: 'launchwatch: BL-1 shipped with 1.1.0 already\n' });
    const out = join(dir, 'issues');
    expect(await cli(['backlog', 'export', '--top', '2', '--format', 'github', '--out', out])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^2 issues written to /) });
    expect(readdirSync(out).sort()).toEqual(['issue-1.json', 'issue-2.json']);
    const issue = JSON.parse(readFileSync(join(out, 'issue-1.json'), 'utf8')) as GithubIssue;
    expect(issue.title).toBe('Fix embedded failures');
    expect((await cli(['backlog', 'export', '--out', out])).code).toBe(2);
  });
});

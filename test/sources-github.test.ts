/**
 * sources.github against a local server speaking the GitHub REST shapes of
 * test/fixtures/github/: paging, conditional requests, rate limits (403 and
 * 429), first responses, keyword labels, github metrics and a P0 alert.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/github/${name}`, import.meta.url), 'utf8')) as unknown;
const ISSUES = fixture('issues.json') as { updated_at: string; number: number }[];
const COMMENTS = fixture('comments.json') as { updated_at: string }[];
const TOKEN = 'ghp_test_token_0123456789abcdef';
const NOW = Date.parse('2026-06-10T12:00:00Z');
const PAGE = 3;

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** GitHub Enterprise-style API under /api/v3, paging by three, with ETags per URL. */
class FakeGithub {
  readonly seen: Seen[] = [];
  /** Answers queued for the next requests, before the normal ones. */
  readonly queued: { status: number; headers: Record<string, string>; body: unknown }[] = [];
  private server: Server | undefined;
  base = '';

  async open(): Promise<void> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', this.base);
        this.seen.push({ method: request.method ?? '', path: url.pathname, query: url.searchParams, headers: request.headers, body });
        const send = (status: number, headers: Record<string, string>, payload?: unknown): void => {
          response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.floor(NOW / 1000) + 3600), ...headers });
          response.end(payload === undefined ? undefined : JSON.stringify(payload));
        };
        const next = this.queued.shift();
        if (next) return send(next.status, next.headers, next.body);
        if (request.headers.authorization !== `Bearer ${TOKEN}`) return send(401, {}, { message: 'Bad credentials' });
        if (request.method === 'POST' && /\/issues\/\d+\/labels$/.test(url.pathname)) return send(200, {}, fixture('labels-added.json'));
        const list = url.pathname.endsWith('/repos/acme/caro/issues') ? ISSUES : url.pathname.endsWith('/repos/acme/caro/issues/comments') ? COMMENTS : undefined;
        if (!list) return send(404, {}, { message: 'Not Found' });
        const since = url.searchParams.get('since');
        const items = list.filter((item) => since === null || Date.parse(item.updated_at) >= Date.parse(since));
        const page = Number(url.searchParams.get('page') ?? '1');
        const etag = `W/"${Buffer.from(`${url.pathname}?${since ?? ''}&${page}&${items.length}`).toString('base64url')}"`;
        if (request.headers['if-none-match'] === etag) return send(304, { etag });
        const last = Math.max(1, Math.ceil(items.length / PAGE));
        const link = (p: number): string => {
          const u = new URL(url);
          u.searchParams.set('page', String(p));
          return u.toString();
        };
        const headers: Record<string, string> = { etag };
        if (page < last) headers.link = `<${link(page + 1)}>; rel="next", <${link(last)}>; rel="last"`;
        send(200, headers, items.slice((page - 1) * PAGE, page * PAGE));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  requests(path: string): Seen[] {
    return this.seen.filter((s) => s.path.endsWith(path));
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function plan(base: string, options: { token?: string; autoLabel?: boolean } = {}): string {
  return `
version: 1
product: { name: caro }
ingest: { keys: [ { name: t, key: ${INGEST_KEY} } ] }
events: { gen: { ok: boolean } }
sources:
  github:
    repo: acme/caro
    token: "${options.token ?? TOKEN}"
    every: 5m
    base_url: ${base}/api/v3
    auto_label:
      enabled: ${options.autoLabel ?? false}
      rules:
        installation: [install, brew]
        privacy: [privacy, telemetry]
        crash: [crash, panic, panicked]
metrics:
  p0_bugs: { github: { label: P0, state: open } }
  p0_open_over_4h: { github: { label: P0, older_than: 4h }, target: { green: "<= 0" } }
  opened_per_week: { github: { figure: opened }, window: 7d }
  closed_per_week: { github: { figure: closed }, window: 7d }
  bugs_closed_per_week: { github: { figure: closed, label: bug }, window: 7d }
  time_to_first_response: { github: { figure: time_to_first_response }, window: 7d, target: { green: "< 4h" } }
  time_to_close: { github: { figure: time_to_close }, window: 7d }
alerts:
  - { name: p0_open_too_long, when: "p0_open_over_4h > 0", severity: P1, incident: false }
`;
}

let github: FakeGithub | undefined;
let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  await github?.close();
  github = undefined;
});

async function values(test: TestApp): Promise<Record<string, number | null>> {
  const { json } = await test.get('/api/v1/metrics');
  return Object.fromEntries((json as { metrics: { id: string; value: number | null }[] }).metrics.map((m) => [m.id, m.value]));
}

async function start(options: { token?: string; autoLabel?: boolean; now?: () => number; logs?: string[] } = {}): Promise<{ gh: FakeGithub; test: TestApp }> {
  github = new FakeGithub();
  await github.open();
  const logs = options.logs;
  const logger = logs
    ? createLogger('info', new Writable({ write: (chunk: Buffer, _encoding, done) => (logs.push(chunk.toString()), done()) }))
    : createLogger('silent');
  app = await startTestApp({ plan: planFrom(plan(github.base, options)), now: options.now ?? (() => NOW), logger });
  return { gh: github, test: app };
}

describe('sources.github', () => {
  it('reads every page of issues (not pull requests) and comments, and computes the github metrics', async () => {
    const { gh, test } = await start();
    expect(await test.app.github.poll()).toEqual({ kind: 'ok', issues: 4, comments: 4, notModified: [], labelled: [] });
    const pages = gh.requests('/repos/acme/caro/issues');
    expect(pages.map((p) => p.query.get('page'))).toEqual([null, '2']);
    expect(pages[0]?.query.get('state')).toBe('all');
    for (const request of gh.seen) {
      expect(request.path.startsWith('/api/v3/')).toBe(true);
      expect(request.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' });
    }
    const stored = await test.app.stores.github.issues('acme/caro');
    expect(stored.map((i) => i.number)).toEqual([1, 3, 4, 5]);
    expect(stored.find((i) => i.number === 1)).toMatchObject({ labels: ['bug', 'P0'], author: 'ana-user', firstResponseAt: Date.parse('2026-06-10T07:00:00Z') });
    expect(stored.find((i) => i.number === 4)?.firstResponseAt).toBeNull();

    expect(await values(test)).toMatchObject({
      p0_bugs: 2,
      p0_open_over_4h: 1,
      opened_per_week: 4,
      closed_per_week: 1,
      bugs_closed_per_week: 1,
      time_to_first_response: 2.5 * 3_600_000,
      time_to_close: 2 * 86_400_000,
    });
  });

  it('asks again with If-None-Match and since, and counts nothing twice when nothing changed', async () => {
    const { gh, test } = await start();
    await test.app.github.poll();
    const second = await test.app.github.poll();
    const issueRequests = gh.requests('/repos/acme/caro/issues');
    const conditional = issueRequests[2];
    expect(conditional?.query.get('since')).toBe('2026-06-10T11:00:00.000Z');
    // The ETag of the last answer goes along; it was for another since, so the boundary issue comes again.
    expect(conditional?.headers['if-none-match']).toMatch(/^W\/"/);
    expect(second).toMatchObject({ kind: 'ok', issues: 1, notModified: [] });
    expect(await test.app.github.poll()).toEqual({ kind: 'ok', issues: 0, comments: 0, notModified: ['issues', 'comments'], labelled: [] });
    expect(gh.requests('/repos/acme/caro/issues').at(-1)?.headers['if-none-match']).toMatch(/^W\/"/);
    expect((await values(test)).p0_bugs).toBe(2);
  });

  it('stops at a 403 rate-limit answer until x-ratelimit-reset, sending nothing meanwhile', async () => {
    let now = NOW;
    const { gh, test } = await start({ now: () => now });
    const reset = Math.floor(NOW / 1000) + 600;
    gh.queued.push({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, body: fixture('rate-limit-403.json') });
    expect(await test.app.github.poll()).toEqual({ kind: 'rate_limited', until: reset * 1000 });
    const sent = gh.seen.length;
    now += 599_000;
    expect(await test.app.github.poll()).toEqual({ kind: 'rate_limited', until: reset * 1000 });
    expect(gh.seen.length).toBe(sent);
    now += 1000;
    expect(await test.app.github.poll()).toMatchObject({ kind: 'ok', issues: 4 });
  });

  it('waits Retry-After seconds after a 429 (a secondary rate limit)', async () => {
    const { gh, test } = await start();
    gh.queued.push({ status: 429, headers: { 'retry-after': '30' }, body: { message: 'You have exceeded a secondary rate limit.' } });
    expect(await test.app.github.poll()).toEqual({ kind: 'rate_limited', until: NOW + 30_000 });
  });

  it('applies keyword labels through the API when enabled, once per issue and label', async () => {
    const { gh, test } = await start({ autoLabel: true });
    const first = await test.app.github.poll();
    expect(first.kind === 'ok' && [...first.labelled].sort()).toEqual(['1:crash', '4:installation', '5:privacy']);
    const posts = gh.seen.filter((s) => s.method === 'POST');
    expect(posts.map((p) => [p.path, JSON.parse(p.body) as unknown])).toEqual([
      ['/api/v3/repos/acme/caro/issues/4/labels', { labels: ['installation'] }],
      ['/api/v3/repos/acme/caro/issues/1/labels', { labels: ['crash'] }],
      ['/api/v3/repos/acme/caro/issues/5/labels', { labels: ['privacy'] }],
    ]);
    // The fixture still lists the issues without those labels: launchwatch remembers what it applied.
    await test.app.stores.github.putCursor('acme/caro', { issuesSince: null, issuesEtag: null, commentsSince: null, commentsEtag: null });
    expect(await test.app.github.poll()).toMatchObject({ kind: 'ok', issues: 4, labelled: [] });
    expect(gh.seen.filter((s) => s.method === 'POST')).toHaveLength(3);
  });

  it('only logs the labels it would apply when auto_label is not enabled, and never logs the token', async () => {
    const logs: string[] = [];
    const { gh, test } = await start({ logs });
    gh.queued.push({ status: 500, headers: {}, body: { message: 'Server Error' } });
    expect(await test.app.github.poll()).toEqual({ kind: 'failed', reason: 'GitHub answered 500 to /api/v3/repos/acme/caro/issues' });
    await test.app.github.poll();
    expect(gh.seen.filter((s) => s.method === 'POST')).toHaveLength(0);
    const text = logs.join('');
    expect(text).toContain('github: would label');
    expect(text).not.toContain(TOKEN);
  });

  it('fires the P0 alert when a P0 issue is open longer than 4h', async () => {
    const { test } = await start();
    await test.app.github.poll();
    await test.app.evaluateAndRecord();
    const { json } = await test.get('/api/v1/alerts');
    expect((json as { alerts: { rule: string; state: string; value: number }[] }).alerts).toMatchObject([{ rule: 'p0_open_too_long', state: 'firing', value: 1 }]);
  });

  it('is disabled, with one clear log line, when the token is empty', async () => {
    const logs: string[] = [];
    const { gh, test } = await start({ token: '', logs });
    expect(await test.app.github.poll()).toEqual({ kind: 'disabled' });
    test.app.github.start();
    expect(logs.join('')).toContain('sources.github has no token (its variable is empty or unset): the GitHub source is disabled');
    expect(gh.seen).toHaveLength(0);
    // Its metrics are unknown with the reason, not a 0 that reads as green, and a criterion on them is not met.
    const { json } = await test.get('/api/v1/metrics/p0_open_over_4h');
    expect((json as { metric: unknown }).metric).toMatchObject({ value: null, status: 'unknown', reason: 'source_unavailable', unavailable: 'GitHub source disabled: no token' });
    expect((await values(test)).p0_bugs).toBeNull();
    const series = await test.get('/api/v1/metrics/p0_bugs/series?step=1h');
    expect(series.status).toBe(200);
    expect((series.json as { points: { value: number | null }[] }).points.every((p) => p.value === null)).toBe(true);
  });

  it('is unknown, with the last failure, until a poll answers', async () => {
    let clock = NOW;
    const { gh, test } = await start({ now: () => clock });
    gh.queued.push({ status: 500, headers: {}, body: { message: 'Server Error' } });
    await test.app.github.poll();
    const { json } = await test.get('/api/v1/metrics/p0_bugs');
    expect((json as { metric: unknown }).metric).toMatchObject({
      value: null,
      status: 'unknown',
      reason: 'source_unavailable',
      unavailable: 'GitHub source has not answered yet (last poll: GitHub answered 500 to /api/v3/repos/acme/caro/issues)',
    });
    await test.app.github.poll();
    clock += 2000; // past the evaluation's cache
    expect((await values(test)).p0_bugs).toBe(2);
  });
});

/**
 * The server the fuzz suite and the authorization matrix go at: the real app
 * (createLaunchwatch) on loopback, with the example plan, every kind of
 * secret set, and one of each thing a route can name (an incident with an
 * action item, a release, a silence, a posted alert, a backlog item), so
 * that routes with an id reach their handlers. Requests go over node:http
 * so that any header can be sent, and each answer is timed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadPlanFile, formatPlanError } from '../../src/plan/load.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { routesOf } from './routes.js';

export const SECRETS = {
  ingest: 'fuzz-ingest-key-0123456789abcdef',
  admin: 'fuzz-admin-token-0123456789abcdef',
  viewer: 'fuzz-viewer-token-0123456789abcdef',
  scrape: 'fuzz-scrape-token-0123456789abcdef',
} as const;

/** The plan's own names and the ids of what was made, for the routes' path parameters. */
export interface Targets {
  readonly id: string;
  readonly item: string;
  readonly version: string;
  readonly fingerprint: string;
  readonly name: string;
  readonly metric: string;
  readonly silence: string;
  readonly backlog: string;
}

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  readonly ms: number;
}

export interface Sent {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface FuzzServer {
  readonly app: TestApp;
  readonly targets: Targets;
  /** The running server's routes as `METHOD /path`, from Fastify's route tree. */
  readonly routes: readonly string[];
  send(sent: Sent): Promise<Answer>;
  close(): Promise<void>;
}

/** Example plan, with its ${VAR}s set to this test's secrets and to closed loopback ports for the channels. */
async function examplePlan() {
  const env = {
    CARO_INGEST_KEY: SECRETS.ingest,
    PD_ROUTING_KEY: 'fuzz-routing-key',
    PAGERDUTY_URL: 'http://127.0.0.1:9/pagerduty',
    SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/slack',
  };
  const loaded = await loadPlanFile(new URL('../../examples/caro.yaml', import.meta.url).pathname, env);
  if (loaded.kind === 'invalid') throw new Error(loaded.errors.map(formatPlanError).join('\n'));
  return loaded.plan;
}

/** The answer of a long-lived stream is cut after this many bytes, so that a GET of /api/v1/stream returns. */
const MAX_READ = 256 * 1024;

export async function startFuzzServer(): Promise<FuzzServer> {
  const plan = await examplePlan();
  // A dashboard "built" into a temporary directory, so that /app/ serves files rather than answering that it is not built.
  const webRoot = mkdtempSync(join(tmpdir(), 'lw-fuzz-web-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><html><head><title>launchwatch</title></head><body></body></html>');
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log("launchwatch");');
  const app = await startTestApp({ plan, adminToken: SECRETS.admin, viewerToken: SECRETS.viewer, scrapeToken: SECRETS.scrape, webRoot });
  const { hostname, port } = new URL(app.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });

  const send = (sent: Sent): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = httpRequest({ host: hostname, port: Number(port), method: sent.method, path: sent.path, headers: sent.headers ?? {}, agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), contentType: String(res.headers['content-type'] ?? ''), ms: performance.now() - started });
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          // Streams (text/event-stream) stay open: the head and the first event are the answer.
          if (size > MAX_READ || String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
            res.destroy();
            done();
          }
        });
        res.on('end', done);
        res.on('error', () => done());
      });
      req.setTimeout(10_000, () => req.destroy(new Error(`${sent.method} ${sent.path}: no answer within 10 s`)));
      req.on('error', reject);
      if (sent.body !== undefined) req.write(sent.body);
      req.end();
    });

  const json = async (method: string, path: string, body: unknown, token: string = SECRETS.admin): Promise<unknown> => {
    const answer = await send({ method, path, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(answer.status, `${method} ${path}: ${answer.body}`).toBeLessThan(300);
    return answer.body === '' ? undefined : (JSON.parse(answer.body) as unknown);
  };

  const now = Date.now();
  await json('POST', '/v1/events', { events: [{ id: 'fuzz-1', type: 'command_generation', timestamp: now - 60_000, user_id: 'u_1a2b', properties: {} }] }, SECRETS.ingest).catch(() => undefined);
  const incident = (await json('POST', '/api/v1/incidents', { title: 'Fuzz target', severity: 'SEV3', components: { cli: 'degraded' } })) as { incident: { id: string } };
  const item = (await json('POST', `/api/v1/incidents/${incident.incident.id}/action-items`, { title: 'Look into it' })) as { action_item: { id: string } };
  await json('POST', '/api/v1/releases', { version: '1.0.0', at: now - 3_600_000 });
  const silence = (await json('POST', '/api/v2/silences', {
    matchers: [{ name: 'alertname', value: 'FuzzAlert', isRegex: false }],
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    createdBy: 'fuzz',
    comment: 'fuzz target',
  })) as { silenceID: string };
  await json('POST', '/api/v2/alerts', [{ labels: { alertname: 'FuzzAlert', instance: 'a' } }]);
  const alerts = (await json('GET', '/api/v2/alerts', undefined)) as { fingerprint: string }[];
  const backlog = (await json('POST', '/api/v1/backlog', { title: 'Faster start', metric: plan.metrics[0]?.id ?? '', reach: 100, impact: 'high', confidence: '80%', effort: 2 })) as { item: { id: string } };

  const targets: Targets = {
    id: incident.incident.id,
    item: item.action_item.id,
    version: '1.0.0',
    fingerprint: alerts[0]?.fingerprint ?? 'none',
    name: Object.keys(plan.baselines)[0] ?? 'launch',
    metric: plan.metrics[0]?.id ?? 'awu',
    silence: silence.silenceID,
    backlog: backlog.item.id,
  };
  return {
    app,
    targets,
    routes: routesOf(app.app.http.printRoutes({ commonPrefix: false })),
    send,
    async close() {
      agent.destroy();
      await app.close();
      rmSync(webRoot, { recursive: true, force: true });
    },
  };
}

/** A route's path with each parameter (`:id`, `*`) replaced by a target, or by the value `param` gives. */
export function pathOf(route: string, targets: Targets, param?: (name: string) => string | undefined): string {
  const path = route.slice(route.indexOf(' ') + 1);
  return path
    .split('/')
    .map((part) => {
      if (part === '*') return param?.('*') ?? 'index.html';
      if (!part.startsWith(':')) return part;
      const name = part.slice(1);
      const given = param?.(name);
      if (given !== undefined) return given;
      return name === 'id' && path.startsWith('/api/v1/metrics') ? targets.metric : name === 'id' && path.startsWith('/api/v2/silence') ? targets.silence : name === 'id' && path.startsWith('/api/v1/backlog') ? targets.backlog : (targets[name as keyof Targets] ?? name);
    })
    .join('/');
}

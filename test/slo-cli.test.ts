/** `launchwatch slo` against a running server, and `slo export` / `slo import` on files, as a user runs them. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';
import { CLI } from './helpers/server-process.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'lw-slo-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error: unknown) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const T0 = Date.parse('2026-12-07T12:00:00Z');
const PLAN = `version: 1
product: { name: shop }
ingest: { keys: [ { name: web, key: "test-ingest-key-0123456789" } ] }
events:
  api_request: { route: string, status: number, region: string }
slos:
  checkout:
    title: Checkout availability
    objective: 99%
    window: 30d
    sli: { events: api_request, where: { route: /checkout }, good: { status: { lt: 500 } } }
    by: region
    alerts: { page: { severity: P1 } }
`;

describe('launchwatch slo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plan: planFrom(PLAN), now: () => T0 + 30_000 });
    // Three hours back: us 500 good; eu 495 good and 5 bad. 1 % of 1 000 allowed: 10; 5 spent.
    const at = T0 - 3 * 3_600_000;
    const events = [
      ...Array.from({ length: 500 }, () => ({ region: 'us', status: 200 })),
      ...Array.from({ length: 495 }, () => ({ region: 'eu', status: 200 })),
      ...Array.from({ length: 5 }, () => ({ region: 'eu', status: 503 })),
    ].map((p) => ({ type: 'api_request', timestamp: at, properties: { route: '/checkout', ...p } }));
    expect((await t.post('/v1/events', JSON.stringify(events))).status).toBe(200);
    await t.app.committer.idle();
  });
  afterAll(async () => t.close());

  it('prints a row per SLO and per group: objective, SLI, budget left, status, burn rates, firing alerts', async () => {
    const result = await cli(['slo', '--url', t.url]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[2]).toMatch(/^SLO\s+objective\s+window\s+SLI\s+budget left\s+status\s+burn 5m\s+burn 30m\s+burn 1h\s+burn 2h\s+burn 6h\s+burn 1d\s+burn 3d\s+firing$/);
    // 995 of 1 000 good: 99.5 %; half the budget left; over 6 h and longer 0.5 % bad against 1 % allowed: 0.5; nothing in the last 2 h.
    expect(lines[3]).toMatch(/^checkout\s+99%\s+30d\s+99\.5%\s+50%\s+green\s+–\s+–\s+–\s+–\s+0\.5\s+0\.5\s+0\.5\s+–$/);
    expect(lines[4]).toMatch(/^ {2}region=eu\s+99%\s+0%\s+red\s+–\s+–\s+–\s+–\s+1\s+1\s+1$/);
    expect(lines[5]).toMatch(/^ {2}region=us\s+100%\s+100%\s+green\s+–\s+–\s+–\s+–\s+0\s+0\s+0$/);
    expect(result.stdout).toContain('1 green, 0 yellow, 0 red, 0 unknown');
  });

  it('prints the answer of GET /api/v1/slos with --json', async () => {
    const result = await cli(['slo', '--url', t.url, '--json']);
    expect(result.code).toBe(0);
    const api = await t.get('/api/v1/slos');
    expect(JSON.parse(result.stdout)).toEqual(api.json);
    expect(JSON.parse(result.stdout)).toMatchObject({ slos: [{ id: 'checkout', error_budget: { total: 10, consumed: 5, remaining: 0.5 } }] });
  });

  it('says when no server answers', async () => {
    const result = await cli(['slo', '--url', 'http://127.0.0.1:1']);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/cannot reach launchwatch/);
  });
});

describe('launchwatch slo export and import', () => {
  it('exports the plan’s SLOs as OpenSLO v1, and imports them back as the same plan lines', async () => {
    const plan = join(dir, 'plan.yaml');
    writeFileSync(plan, PLAN);
    const exported = await cli(['slo', 'export', '--plan', plan]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^---\napiVersion: openslo\/v1\nkind: SLO\n/);
    const file = join(dir, 'openslo.yaml');
    writeFileSync(file, exported.stdout);
    const imported = await cli(['slo', 'import', file]);
    expect(imported.code).toBe(0);
    expect(parse(imported.stdout)).toEqual({ slos: (parse(PLAN) as { slos: unknown }).slos });
  });

  it('refuses a document it cannot read, with why, exit 1', async () => {
    const file = join(dir, 'threshold.yaml');
    writeFileSync(file, ['apiVersion: openslo/v1', 'kind: SLO', 'metadata: { name: latency }', 'spec:', '  indicator: { spec: { thresholdMetric: { metricSource: { type: Prometheus, spec: { query: x } } } } }', ''].join('\n'));
    const result = await cli(['slo', 'import', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refused document 1 (latency): a thresholdMetric SLI is refused');
  });

  it('names the errors of an invalid plan', async () => {
    const plan = join(dir, 'bad.yaml');
    writeFileSync(plan, 'version: 1\nproduct: { name: x }\nevents: {}\nslos:\n  s: { objective: 99%, window: 30d, sli: { probe: api } }\n');
    const result = await cli(['slo', 'export', '--plan', plan]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.yaml:5:\d+: slos\.s\.sli\.probe: no probe "api"/);
  });
});

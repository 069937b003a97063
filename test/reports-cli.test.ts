/**
 * The built CLI: `report weekly|monthly` from a running server (--url) and
 * straight from a data directory (--data, server stopped), and `criteria`.
 * Run `npm run build` first.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLaunchwatch } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';
import { CLI } from './helpers/server-process.js';

const run = promisify(execFile);
const ADMIN = 'admin-token-0123456789abcdef';
const NOW = Date.parse('2026-11-25T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'lw-report-cli-'));

const PLAN = `
version: 1
product: { name: cliprod }
ingest: { keys: [ { name: cli, key: test-ingest-key-0123456789 } ] }
events:
  gen: { success: boolean }
metrics:
  success_rate: { title: Success rate, from: gen, ratio: { success: true }, window: 24h, target: { green: ">= 80%" } }
success_criteria:
  must: [ "success_rate >= 75%", "incidents(SEV1) == 0" ]
`;

const planFile = join(dir, 'plan.yaml');
writeFileSync(planFile, PLAN);

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', LAUNCHWATCH_ADMIN_TOKEN: ADMIN, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error: unknown) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const events = (from: number, n: number, ok: number): string =>
  JSON.stringify({ events: [...Array(n).keys()].map((i) => ({ type: 'gen', timestamp: from + i * 60_000, user_id: `u${i}`, properties: { success: i < ok } })) });

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ plan: planFrom(PLAN), adminToken: ADMIN, now: () => NOW });
  await t.post('/v1/events', events(Date.parse('2026-11-19T10:00:00Z'), 10, 9));
  await t.post('/v1/events', events(Date.parse('2026-11-11T10:00:00Z'), 10, 10));
  await t.post('/v1/events', events(NOW - 3_600_000, 4, 4));
});

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('launchwatch report', () => {
  it('prints the weekly report of a running server as Markdown, HTML or JSON', async () => {
    const md = await cli(['report', 'weekly', '--week', '2026-W47', '--url', t.url]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('# cliprod — Week 2026-W47 post-launch metrics (Nov 16–22, 2026)');
    expect(md.stdout).toContain('| Success rate | >= 80% | 90.0% | 🟢 green | ↓ −10.0 pp (worse) |');
    const html = await cli(['report', 'weekly', '--week', '2026-W47', '--format', 'html', '--url', t.url]);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    const json = await cli(['report', 'monthly', '--month', '2026-11', '--format', 'json', '--url', t.url]);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'monthly', period: { label: '2026-11' } });
  });

  it('says what is wrong with a week, a format or the token', async () => {
    expect(await cli(['report', 'weekly', '--week', '2026-W54', '--url', t.url])).toMatchObject({ code: 2, stderr: expect.stringContaining('2026 has weeks 1 to 53; there is no week 54') });
    expect(await cli(['report', 'weekly', '--format', 'pdf', '--url', t.url])).toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be one of md, html, json') });
    expect(await cli(['report', 'weekly', '--url', t.url], { LAUNCHWATCH_ADMIN_TOKEN: '' })).toMatchObject({ code: 3 });
  });

  it('computes the report from a data directory when the server is stopped', async () => {
    const data = join(dir, 'data');
    const app = await createLaunchwatch({ plan: planFrom(PLAN), dataDir: data, port: 0, scheduler: false, logger: createLogger('silent'), memoryLimit: '512MB', now: () => NOW });
    const url = await app.start();
    await fetch(`${url}/v1/events`, { method: 'POST', body: events(Date.parse('2026-11-18T10:00:00Z'), 10, 8), headers: { 'content-type': 'application/json', authorization: 'Bearer test-ingest-key-0123456789' } });
    await app.stop();
    const md = await cli(['report', 'weekly', '--week', '2026-W47', '--data', data, '--plan', planFile]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| Success rate | >= 80% | 80.0% | 🟢 green | – |');
  });
});

describe('launchwatch criteria', () => {
  it('prints GO with each criterion now and over the window', async () => {
    const result = await cli(['criteria', '--url', t.url]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('GO — every must criterion holds (now and over 7d)');
    // Values in the metric's unit: a ratio as a percentage, an incident count as a number.
    expect(result.stdout).toMatch(/✔ success_rate >= 75% +now 100% +window 92\.9%/);
    expect(result.stdout).toMatch(/✔ incidents\(SEV1\) == 0 +now 0 +window 0/);
  });

  it('exits non-zero on NO GO, counts the must criteria that do not hold, and a metric whose source is off is unknown and not met', async () => {
    const noGo = await startTestApp({
      plan: planFrom(`${PLAN.replace(/success_criteria:[\s\S]*$/, '')}  p0_bugs: { github: { label: P0, state: open }, target: { green: "<= 0" } }
sources:
  github: { repo: acme/caro, token: "" }
success_criteria:
  must: [ "success_rate >= 75%", "incidents(SEV1) == 0", "p0_bugs == 0", "success_rate >= 99%" ]
`),
      adminToken: ADMIN,
      now: () => NOW,
    });
    try {
      await noGo.post('/v1/events', events(NOW - 3_600_000, 10, 9));
      const result = await cli(['criteria', '--url', noGo.url]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('NO GO — 2 of 4 must criteria do not hold (now and over 7d)');
      expect(result.stdout).toContain('blocking: p0_bugs == 0: unknown, GitHub source disabled: no token');
      expect(result.stdout).toMatch(/✘ success_rate >= 99% +now 90\.0% +window 90\.0%/);
      expect(result.stdout).toMatch(/\? p0_bugs == 0 +unknown: GitHub source disabled: no token/);
      const status = await cli(['status', '--url', noGo.url]);
      expect(status.stdout).toContain('p0_bugs: unknown, GitHub source disabled: no token');
      const report = await cli(['report', 'weekly', '--url', noGo.url]);
      expect(report.stdout).toContain('unknown: GitHub source disabled: no token');
    } finally {
      await noGo.close();
    }
  });
});

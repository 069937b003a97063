/** `launchwatch routes test` from the built CLI: the channels an alert reaches, and whether a route's time intervals mute it at --at. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from './helpers/server-process.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'lw-routes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error: unknown) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const plan = join(dir, 'plan.yaml');
writeFileSync(
  plan,
  `version: 1
product: { name: x }
events:
  e: { ok: boolean }
channels:
  pager: { type: webhook, url: "http://127.0.0.1:9/pager" }
  team: { type: webhook, url: "http://127.0.0.1:9/team" }
time_intervals:
  - name: business_hours
    time_intervals: [{ weekdays: ['monday:friday'], times: [{ start_time: '09:00', end_time: '17:00' }], location: Europe/Lisbon }]
  - name: maintenance
    time_intervals: [{ weekdays: [sunday], times: [{ start_time: '02:00', end_time: '04:00' }], location: Europe/Lisbon }]
routing:
  routes:
    - { match: { severity: P2 }, channels: [pager], active_time_intervals: [business_hours], mute_time_intervals: [maintenance], continue: true }
    - { match: { severity: P2 }, channels: [team] }
`,
);

describe('launchwatch routes test --at', () => {
  it('says for each matched route whether its time intervals mute it at that time, and by which', async () => {
    // Monday 2026-12-07 10:00 in Lisbon (WET, UTC+0).
    const office = await cli(['routes', 'test', '--plan', plan, '--labels', 'severity=P2', '--at', '2026-12-07T10:00Z']);
    expect(office).toMatchObject({ code: 0, stderr: '' });
    expect(office.stdout.trim().split('\n')).toEqual(['route 1: pager (webhook) — sends at 2026-12-07T10:00:00.000Z: in active time interval business_hours', 'route 2: team (webhook)']);
    // Monday 20:00: outside business hours.
    const evening = await cli(['routes', 'test', '--plan', plan, '--labels', 'severity=P2', '--at', '2026-12-07T20:00+00:00']);
    expect(evening.stdout).toContain('route 1: pager (webhook) — muted at 2026-12-07T20:00:00.000Z: not in its active time intervals (business_hours)');
    // Sunday 2026-06-07 03:00 in Lisbon is 02:00 UTC (WEST).
    const maintenance = await cli(['routes', 'test', '--plan', plan, '--labels', 'severity=P2', '--at', '2026-06-07T02:00Z']);
    expect(maintenance.stdout).toContain('route 1: pager (webhook) — muted at 2026-06-07T02:00:00.000Z: in mute time interval maintenance');
  });

  it('refuses a time without a zone or that is not a time, with exit 2', async () => {
    const bare = await cli(['routes', 'test', '--plan', plan, '--labels', 'severity=P2', '--at', '2026-12-07T10:00']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--at: "2026-12-07T10:00" has no time zone');
    const junk = await cli(['routes', 'test', '--plan', plan, '--labels', 'severity=P2', '--at', 'tuesday']);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain('--at: "tuesday" is not a date-time');
  });
});

describe('examples/webapp.yaml', () => {
  const webapp = fileURLToPath(new URL('../examples/webapp.yaml', import.meta.url));
  const env = { WEBAPP_INGEST_KEY: 'k', PD_ROUTING_KEY: 'r', SLACK_WEBHOOK_URL: 'https://hooks.example.com/x', SMTP_HOST: 'localhost', SLACK_INCIDENTS_WEBHOOK_URL: 'https://hooks.example.com/i', TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_AUTH_TOKEN: 'tw' };
  const test = (labels: string, at: string) => cli(['routes', 'test', '--plan', webapp, '--labels', labels, '--at', at], env);

  it('pages P2 in business hours only (002), and mutes P3 in the weekly maintenance window; P1 always pages', async () => {
    // Tuesday 2026-06-09: 10:00 and 06:30 in London are 09:00 and 05:30 UTC (BST).
    expect((await test('severity=P2', '2026-06-09T09:00Z')).stdout).toContain('route 2: pager (pagerduty) — sends at 2026-06-09T09:00:00.000Z: in active time interval business_hours');
    expect((await test('severity=P2', '2026-06-09T05:30Z')).stdout.trim().split('\n')).toEqual([
      'route 2: pager (pagerduty) — muted at 2026-06-09T05:30:00.000Z: not in its active time intervals (business_hours)',
      'route 3: team (slack)',
    ]);
    expect((await test('severity=P3', '2026-06-09T05:30Z')).stdout).toContain('route 4: team (slack), mail (email) — muted at 2026-06-09T05:30:00.000Z: in mute time interval maintenance');
    expect((await test('severity=P1', '2026-06-09T05:30Z')).stdout.trim()).toBe('route 1: pager (pagerduty), team (slack)');
  });
});

/** The built CLI as a user runs it: check, status, serve with a bad plan. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlan } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { CLI } from './helpers/server-process.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'lw-cli-'));
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

describe('help', () => {
  it('says --comment is required for silence add, and shows no empty default for incident --component', async () => {
    const silence = await cli(['silence', 'add', '--help']);
    expect(silence.stdout).toMatch(/--comment <text>\s+why \(required/);
    for (const command of ['declare', 'update']) {
      const help = await cli(['incident', command, '--help']);
      expect(help.stdout).toContain('--component <id=state>');
      expect(help.stdout).not.toContain('(default: {})');
    }
  });
});

describe('launchwatch check', () => {
  it('accepts the example plans', async () => {
    for (const example of ['caro', 'webapp']) {
      const file = fileURLToPath(new URL(`../examples/${example}.yaml`, import.meta.url));
      const result = await cli(['check', file], { CARO_INGEST_KEY: 'k1', WEBAPP_INGEST_KEY: 'k2', PD_ROUTING_KEY: 'r', SLACK_WEBHOOK_URL: 'https://hooks.example.com/x', SMTP_HOST: 'localhost', SLACK_INCIDENTS_WEBHOOK_URL: 'https://hooks.example.com/i', TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_AUTH_TOKEN: 'tw' });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/: ok — \w+: \d+ events, \d+ metrics, \d+ alert rules, \d+ channels, 1 ingest key$/m);
    }
  });

  it('checks an example without its variables with --env-missing ok: they are warnings, the rest of the plan is checked', async () => {
    const file = fileURLToPath(new URL('../examples/caro.yaml', import.meta.url));
    const unset = { CARO_INGEST_KEY: '', PD_ROUTING_KEY: '', SLACK_WEBHOOK_URL: '' };
    const strict = await cli(['check', file], unset);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('launchwatch check --env-missing ok');
    const result = await cli(['check', file, '--env-missing', 'ok'], unset);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('environment variable CARO_INGEST_KEY is not set (write ${CARO_INGEST_KEY:-default} to give a default) (warning)');
    expect(result.stdout).toMatch(/caro\.yaml: ok, 3 unset variables \(set them before serve\) — caro: \d+ events/);
    expect((await cli(['check', file, '--env-missing', 'maybe'], unset)).stderr).toContain("Allowed choices are error, ok");
  });

  it('prints every error with file:line:col and exits 1', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      ['version: 1', 'product: { name: x }', 'events:', '  a:', '    ok: boolean', 'metrics:', '  m1:', '    from: b', '    count: true', '    window: 1d', '  m2:', '    from: a', '    ratio: { ok: 3 }', '    window: 1y', ''].join('\n'),
    );
    const result = await cli(['check', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:8:11: metrics.m1.from: no event "b" is declared under events (declared: a)`);
    expect(result.stderr).toContain(`${file}:13:18: metrics.m2.ratio.ok: "ok" is a boolean, but 3 is a number`);
    expect(result.stderr).toMatch(new RegExp(`${file}:14:13: metrics.m2.window: "1y" is not a duration`));
    expect(result.stderr).toContain('3 errors in');
  });

  it('says a missing file is missing', async () => {
    const result = await cli(['check', join(dir, 'nope.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nope\.yaml:0:0: plan file not found/);
  });

  it('names a missing environment variable', async () => {
    const file = join(dir, 'env.yaml');
    writeFileSync(file, 'version: 1\nproduct: { name: x }\ningest:\n  keys: [ { name: k, key: "${LW_TEST_UNSET_KEY}" } ]\nevents: {}\n');
    const result = await cli(['check', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('environment variable LW_TEST_UNSET_KEY is not set');
  });
});

describe('launchwatch serve', () => {
  it('refuses an invalid plan with its errors and exit 1', async () => {
    const file = join(dir, 'serve-bad.yaml');
    writeFileSync(file, 'version: 2\nproduct: { name: x }\nevents: {}\n');
    const result = await cli(['serve', '--plan', file, '--data', join(dir, 'data'), '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/serve-bad\.yaml:1:10: version: /);
  });
});

describe('launchwatch status', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plan: await fixturePlan() });
    const events = Array.from({ length: 20 }, (_, i) => ({
      type: 'command_generation',
      timestamp: Date.now() - i * 1000,
      session_id: `s${i % 4}`,
      properties: { backend: 'static', success: i % 4 !== 0, duration_ms: 50 },
    }));
    await t.post('/v1/events', JSON.stringify(events));
  });
  afterAll(async () => t.close());

  it('prints each metric with value, target and status as a word', async () => {
    const result = await cli(['status', '--url', t.url]);
    expect(result.code).toBe(0);
    const line = result.stdout.split('\n').find((l) => l.startsWith('command_success_rate'));
    expect(line).toMatch(/75\.0%\s+>= 86% \(yellow >= 80%\)\s+1d\s+■ red/);
    expect(result.stdout).toMatch(/^\s+backend=static\s+75\.0%/m);
    // Values come from the formatter the dashboard shares (src/unit-format.ts): a whole number has no decimals.
    expect(result.stdout).toMatch(/^commands_per_session\s+5\s+>= 3\s+7d\s+● green/m);
    expect(result.stdout).toMatch(/\d+ green, \d+ yellow, \d+ red, \d+ unknown/);
  });

  it('prints the JSON answer with --json', async () => {
    const result = await cli(['status', '--url', t.url, '--json']);
    expect(JSON.parse(result.stdout)).toHaveProperty('metrics');
  });

  it('says when no server answers', async () => {
    const result = await cli(['status', '--url', 'http://127.0.0.1:1']);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/cannot reach launchwatch at http:\/\/127\.0\.0\.1:1/);
  });
});

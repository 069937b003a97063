/** The built CLI against the real app: release mark and list, impact, baseline set, take, list and show, regressions. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlan } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { CLI } from './helpers/server-process.js';

const run = promisify(execFile);
const ADMIN = 'admin-token-for-tests-0123456789';
const H = 3_600_000;
const RELEASE_AT = Date.parse('2026-11-20T12:00:00Z');
const NOW = RELEASE_AT + 50 * H;
let t: TestApp;

async function cli(args: string[], token = ADMIN): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, NO_COLOR: '1', LAUNCHWATCH_URL: t.url, LAUNCHWATCH_ADMIN_TOKEN: token };
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
  const events = [];
  for (let i = 0; i < 50; i++) {
    events.push({ id: `b${i}`, type: 'command_generation', timestamp: RELEASE_AT - 1 - i * 60_000, properties: { backend: 'static', success: i < 45, duration_ms: 100 + i } });
    events.push({ id: `a${i}`, type: 'command_generation', timestamp: RELEASE_AT + i * 60_000, properties: { backend: 'static', success: i < 30, duration_ms: 100 + i } });
  }
  expect((await t.post('/v1/events', JSON.stringify({ events }))).json).toMatchObject({ accepted: 100 });
});
afterAll(async () => t.close());

describe('launchwatch release and impact', () => {
  it('marks a release, refuses it twice with the conflict exit code, and lists it', async () => {
    expect(await cli(['release', 'mark', '1.1.0', '--at', '2026-11-20T12:00:00Z', '--notes', 'new prompt'])).toMatchObject({ code: 0, stdout: 'release 1.1.0 marked at 2026-11-20T12:00:00.000Z\n' });
    const again = await cli(['release', 'mark', '1.1.0']);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('launchwatch: release 1.1.0 is already marked at 2026-11-20T12:00:00.000Z; a version is marked once\n');
    const list = await cli(['release', 'list']);
    expect(list.stdout).toBe('VERSION  AT (UTC)          NOTES\n1.1.0    2026-11-20 12:00  new prompt\n');
    expect(JSON.parse((await cli(['release', 'list', '--json'])).stdout)).toEqual({ releases: [{ version: '1.1.0', at: '2026-11-20T12:00:00.000Z', notes: 'new prompt' }] });
  });

  it('prints the impact table with the verdicts and the advice', async () => {
    const { code, stdout } = await cli(['impact', '1.1.0']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('release 1.1.0 at 2026-11-20 12:00 UTC: 48h before against 48h after');
    // 45/50 against 30/50: z = -3.464, p = 0.00053 (two-proportion z-test); the same latencies: no measurable change.
    expect(stdout).toMatch(/^command_success_rate\s+90(\.0)?%\s+60(\.0)?%\s+-33%\s+z-test\s+0\.0005\s+REGRESSED$/m);
    expect(stdout).toMatch(/^generation_latency_p95\s+.*Mann-Whitney\s+1\.0000\s+no measurable change$/m);
    expect(stdout).toMatch(/^awu\s+.*not testable$/m);
    expect(stdout).toMatch(/^command_success_rate\s.*\n {2}backend=static\s+90(\.0)?%\s+60(\.0)?%\s+-33%\s+z-test\s+0\.0005\s+REGRESSED$/m);
    expect(stdout).toContain('\n0 improved, 1 regressed, 2 no measurable change, 3 not tested\ninvestigate: a metric regressed');
    expect(JSON.parse((await cli(['impact', '1.1.0', '--window', '24h', '--json'])).stdout)).toMatchObject({ version: '1.1.0', window: { ms: 24 * H } });
  });

  it('says what is wrong: an unknown release, a bad window, no token', async () => {
    expect(await cli(['impact', '9.9.9'])).toMatchObject({ code: 4, stderr: expect.stringMatching(/^launchwatch: no release "9\.9\.9"/) });
    expect(await cli(['impact', '1.1.0', '--window', 'week'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/query window: "week" is not a duration/) });
    expect(await cli(['release', 'list'], '')).toMatchObject({ code: 3 });
  });
});

describe('launchwatch baseline and regressions', () => {
  it('sets values from a test suite, takes one from a range, lists and shows them', async () => {
    const set = await cli(['baseline', 'set', 'suite', 'command_success_rate=94.8%', 'mean_latency=90', '--source', 'test suite']);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^suite \(taken, test suite\)\n/);
    expect(set.stdout).toMatch(/^command_success_rate\s+0\.95\s*$/m);
    const take = await cli(['baseline', 'take', 'before', '--from', '2026-11-18T12:00:00Z', '--to', '2026-11-20T11:59:59.999Z']);
    expect(take.code).toBe(0);
    expect(take.stdout).toMatch(/^before \(taken, measured, 2026-11-18 12:00 … 2026-11-20 11:59 UTC\)$/m);
    expect(take.stdout).toMatch(/^command_success_rate\s+0\.90\s+50$/m);
    const list = await cli(['baseline', 'list']);
    expect(list.stdout.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+SOURCE\s+RANGE \(UTC\)\s+METRICS$/);
    expect(list.stdout).toMatch(/^suite\s+taken\s+test suite\s+2$/m);
    expect((await cli(['baseline', 'show', 'nope'])).code).toBe(4);
  });

  it('refuses a malformed value before asking the server', async () => {
    const bad = await cli(['baseline', 'set', 'suite', 'command_success_rate:94']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/is not metric=value/);
  });

  it('lists regressions against the baselines', async () => {
    const { code, stdout } = await cli(['regressions', '--baseline', 'suite']);
    expect(code).toBe(0);
    // The last 24 h hold no events (the latest is 48 h before now): nothing to compare.
    expect(stdout).toBe('nothing to compare (no baseline has a value for a metric with a target)\n');
  });
});

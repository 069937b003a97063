/**
 * The built CLI as an operator runs it against a real server on loopback:
 * `launchwatch privacy status|pause|resume|purge-user|export-user|audit` and
 * `launchwatch import` (an SDK export, NDJSON, into a running server or an
 * offline data directory): exit codes, readable output, and errors that name
 * what was wrong. Run `npm run build` first.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLaunchwatch } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { createTelemetry } from '../src/sdk/index.js';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';
import { CLI } from './helpers/server-process.js';

const run = promisify(execFile);
const ADMIN = 'admin-token-privacy-cli-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'lw-privacy-cli-'));

const PLAN = `
version: 1
product: { name: privacy-cli }
ingest: { keys: [ { name: cli, key: ${INGEST_KEY} } ] }
events:
  run: { ok: boolean, n: number }
privacy:
  retention: { events: 90d, samples: forever }
`;
const planFile = join(dir, 'plan.yaml');
writeFileSync(planFile, PLAN);

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', LAUNCHWATCH_ADMIN_TOKEN: ADMIN, USER: 'dpo', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error: unknown) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const runEvent = (id: string, userId: string, n: number) => ({ id, type: 'run', timestamp: Date.now() - n * 1000, user_id: userId, properties: { ok: n % 2 === 0, n } });

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ plan: planFrom(PLAN), adminToken: ADMIN });
  const answer = await t.post('/v1/events', JSON.stringify({ events: [runEvent('a1', 'u_3f2a9c81', 1), runEvent('a2', 'u_3f2a9c81', 2), runEvent('a3', 'u_3f2a9c81', 3), runEvent('b1', 'u_77aa01', 4)] }));
  expect(answer.json).toMatchObject({ accepted: 4 });
});

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

// Each case runs the CLI several times, a Node start each: generous limits for a loaded machine.
describe('launchwatch privacy', { timeout: 180_000 }, () => {
  it('status says whether ingest is open, the user_id policy and retention', async () => {
    const result = await cli(['privacy', 'status', '--url', t.url]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('ingest: open\nuser_id: reject\nretention: events 90d, samples forever, alerts forever\n');
  });

  it('pause stops ingest with the reason until resume, and status shows who paused and why', async () => {
    const paused = await cli(['privacy', 'pause', '--reason', 'PII report under investigation', '--url', t.url]);
    expect(paused.code).toBe(0);
    expect(paused.stdout).toMatch(/^ingest: PAUSED by dpo since \d{4}-\d\d-\d\dT[\d:.]+Z — PII report under investigation\n$/);
    const refused = await fetch(`${t.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` }, body: JSON.stringify([runEvent('p1', 'u_1', 1)]) });
    expect(refused.status).toBe(503);
    expect(await refused.text()).toContain('PII report under investigation');
    expect((await cli(['privacy', 'status', '--url', t.url])).stdout).toMatch(/^ingest: PAUSED by dpo since .+ — PII report under investigation$/m);

    const resumed = await cli(['privacy', 'resume', '--by', 'alice', '--url', t.url]);
    expect(resumed).toMatchObject({ code: 0, stdout: 'ingest: open\n' });
  });

  it('export-user writes every stored event of the user; purge-user deletes them; both are audited', async () => {
    const out = join(dir, 'access.json');
    const exported = await cli(['privacy', 'export-user', 'u_3f2a9c81', '--out', out, '--url', t.url]);
    expect(exported).toMatchObject({ code: 0, stdout: '' });
    expect(exported.stderr).toBe(`3 event(s) written to ${out}\n`);
    const file = JSON.parse(readFileSync(out, 'utf8')) as { subject: string; events: { id: string; user_id: string }[] };
    expect(file.events.map((e) => e.id).sort()).toEqual(['a1', 'a2', 'a3']);
    expect(file.events.every((e) => e.user_id === 'u_3f2a9c81')).toBe(true);

    const purged = await cli(['privacy', 'purge-user', 'u_3f2a9c81', '--url', t.url]);
    expect(purged.code).toBe(0);
    expect(purged.stdout).toBe(`deleted 3 event(s) (run 3); audit subject ${file.subject}\n`);

    const after = await cli(['privacy', 'export-user', 'u_3f2a9c81', '--url', t.url]);
    expect(after.code).toBe(0);
    expect((JSON.parse(after.stdout) as { events: unknown[] }).events).toEqual([]);
    // The other user's event is still there.
    expect((JSON.parse((await cli(['privacy', 'export-user', 'u_77aa01', '--url', t.url])).stdout) as { events: unknown[] }).events).toHaveLength(1);

    const audit = await cli(['privacy', 'audit', '--url', t.url]);
    expect(audit.code).toBe(0);
    const lines = audit.stdout.trim().split('\n');
    expect(lines.find((l) => /\bpurge_user\b/.test(l))).toMatch(new RegExp(`purge_user +dpo {2}${file.subject} {2}\\{"deleted":\\{"run":3\\}\\}`));
    expect(lines.find((l) => /\bpause\b/.test(l))).toMatch(/pause +dpo {2}\{"reason":"PII report under investigation"\}/);
    expect(lines.some((l) => /resume +alice/.test(l))).toBe(true);
    expect(audit.stdout).not.toContain('u_3f2a9c81');
    const json = JSON.parse((await cli(['privacy', 'audit', '--json', '--limit', '2', '--url', t.url])).stdout) as { entries: unknown[] };
    expect(json.entries).toHaveLength(2);
  });

  it('says so when no event is stored under a user id, and exits 0: erasure is idempotent', async () => {
    const purged = await cli(['privacy', 'purge-user', 'u_nobody42', '--url', t.url]);
    expect(purged).toMatchObject({ code: 0, stdout: '' });
    expect(purged.stderr).toMatch(/^launchwatch: no stored events for user "u_nobody42": nothing deleted \(check the id as the product sends it\); audit subject sha256:[0-9a-f]{32}\n$/);
    const exported = await cli(['privacy', 'export-user', 'u_nobody42', '--url', t.url]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('no stored events for user "u_nobody42"');
    expect(JSON.parse(exported.stdout)).toMatchObject({ events: [] });
  });

  it('names what is wrong: an unreachable server, a URL that is not one, the token, a bad option value', async () => {
    expect(await cli(['privacy', 'status', '--url', 'http://127.0.0.1:1'])).toMatchObject({ code: 5, stdout: '', stderr: expect.stringContaining('cannot reach launchwatch at http://127.0.0.1:1') });
    expect(await cli(['privacy', 'pause', '--url', 'localhost:4100'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--url localhost:4100 is not an http(s) URL of a launchwatch server') });
    expect(await cli(['privacy', 'purge-user', 'u_77aa01', '--url', t.url], { LAUNCHWATCH_ADMIN_TOKEN: 'wrong-token-0123456789' })).toMatchObject({
      code: 3,
      stderr: expect.stringContaining('the server does not accept the admin token in LAUNCHWATCH_ADMIN_TOKEN'),
    });
    expect(await cli(['privacy', 'audit', '--url', t.url], { LAUNCHWATCH_ADMIN_TOKEN: '' })).toMatchObject({ code: 3, stderr: expect.stringContaining('the server requires the admin token: set LAUNCHWATCH_ADMIN_TOKEN') });
    expect(await cli(['privacy', 'audit', '--limit', 'all', '--url', t.url])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^launchwatch: query limit: /) });
    // The wrong token deleted nothing.
    expect((JSON.parse((await cli(['privacy', 'export-user', 'u_77aa01', '--url', t.url])).stdout) as { events: unknown[] }).events).toHaveLength(1);
  });

  it('refuses resume while the plan pauses ingest, and says how to reopen', async () => {
    const pausedPlan = planFrom(`${PLAN}  ingest: paused\n  pause_reason: telemetry backend stopped\n`);
    const p = await startTestApp({ plan: pausedPlan, adminToken: ADMIN });
    try {
      expect((await cli(['privacy', 'status', '--url', p.url])).stdout).toMatch(/^ingest: PAUSED by the plan \(privacy.ingest: paused\) — telemetry backend stopped$/m);
      expect(await cli(['privacy', 'resume', '--url', p.url])).toMatchObject({ code: 2, stderr: expect.stringContaining('the plan pauses ingest (privacy.ingest: paused); set it to open in the plan and restart to resume') });
    } finally {
      await p.close();
    }
  });
});

describe('launchwatch import', { timeout: 180_000 }, () => {
  const exportFile = join(dir, 'telemetry-export.ndjson');
  beforeAll(() => {
    const sdk = createTelemetry({ endpoint: 'http://127.0.0.1:9', key: INGEST_KEY, app: 'caro', version: '1.1.0', dir: join(dir, 'sdk'), env: {}, interactive: true, flushIntervalMs: 0, machineId: () => 'm-1' });
    sdk.grant();
    for (let n = 0; n < 12; n++) sdk.track('run', { ok: n % 3 !== 0, n });
    expect(sdk.export(exportFile)).toMatchObject({ events: 13 });
    sdk.close();
  });

  it('imports an SDK export once: the second import finds only duplicates', async () => {
    const first = await cli(['import', exportFile, '--url', t.url, '--key', INGEST_KEY]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^.*telemetry-export\.ndjson: export of caro 1\.1\.0, \S+, checksum ok\n$/);
    expect(first.stdout).toBe(`${exportFile}: 13 line(s): 13 accepted, 0 duplicate(s), 0 rejected\n`);
    const second = await cli(['import', exportFile, '--url', t.url], { LAUNCHWATCH_INGEST_KEY: INGEST_KEY });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`${exportFile}: 13 line(s): 0 accepted, 13 duplicate(s), 0 rejected\n`);
    expect(await t.app.stores.events.counts()).toMatchObject({ run: 13, telemetry_consent: 1 }); // 12 imported beside u_77aa01's one;
  });

  it('refuses an edited or damaged export whole, naming the line and the reason', async () => {
    const lines = readFileSync(exportFile, 'utf8').split('\n');
    const edited = join(dir, 'edited.ndjson');
    writeFileSync(edited, lines.map((l, i) => (i === 4 ? l.replace(/"n":\d+/, '"n":999') : l)).join('\n'));
    const refused = await cli(['import', edited, '--url', t.url, '--key', INGEST_KEY]);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe(`${edited}:15: refused: checksum mismatch: the events were changed after export (or the file is damaged); nothing was imported\n`);

    const damaged = join(dir, 'damaged.ndjson');
    writeFileSync(damaged, lines.map((l, i) => (i === 2 ? l.slice(0, 20) : l)).join('\n'));
    expect(await cli(['import', damaged, '--url', t.url, '--key', INGEST_KEY])).toMatchObject({ code: 2, stderr: `${damaged}:3: refused: not a JSON object: the file is damaged\n` });

    const cut = join(dir, 'cut.ndjson');
    writeFileSync(cut, lines.slice(0, 8).join('\n'));
    expect(await cli(['import', cut, '--url', t.url, '--key', INGEST_KEY])).toMatchObject({ code: 2, stderr: expect.stringContaining(`${cut}:8: refused: the last line is not the export trailer`) });
    expect(await t.app.stores.events.counts()).toMatchObject({ run: 13 });
  });

  it('imports NDJSON and lists each rejected line with its reason (exit 1)', async () => {
    const file = join(dir, 'events.ndjson');
    const now = Date.now();
    writeFileSync(
      file,
      [
        JSON.stringify({ type: 'run', timestamp: now - 1, properties: { ok: true, n: 100 } }),
        JSON.stringify({ type: 'run', timestamp: now - 2, properties: { ok: false, n: 101 } }),
        '',
        JSON.stringify({ type: 'launch', timestamp: now, properties: {} }),
        JSON.stringify({ type: 'run', timestamp: now - 3, properties: { ok: 'yes', n: 102 } }),
      ].join('\n') + '\n',
    );
    const result = await cli(['import', file, '--url', t.url, '--key', INGEST_KEY]);
    expect(result.code).toBe(1);
    const [summary, ...rejected] = result.stdout.trim().split('\n');
    expect(summary).toBe(`${file}: 4 line(s): 2 accepted, 0 duplicate(s), 2 rejected`);
    expect(rejected[0]).toMatch(/^ {2}line 4: .*launch/);
    expect(rejected[1]).toMatch(/^ {2}line 5: .*ok/);
  });

  it('names what is wrong: the key, the URL, the file, a paused server', async () => {
    expect(await cli(['import', exportFile, '--url', t.url, '--key', 'not-the-key-0123456789'])).toMatchObject({
      code: 3,
      stderr: expect.stringContaining(`launchwatch: the server at ${t.url} does not accept the ingest key (--key or LAUNCHWATCH_INGEST_KEY) (nothing was imported)\n`),
    });
    expect(await cli(['import', exportFile, '--url', t.url], { LAUNCHWATCH_INGEST_KEY: '' })).toMatchObject({ code: 3, stderr: expect.stringContaining('an ingest key is needed: set LAUNCHWATCH_INGEST_KEY or pass --key') });
    expect(await cli(['import', exportFile, '--url', 'http://127.0.0.1:1', '--key', INGEST_KEY])).toMatchObject({ code: 5, stderr: expect.stringContaining('cannot reach launchwatch at http://127.0.0.1:1 (nothing was imported)') });
    expect(await cli(['import', exportFile, '--url', '127.0.0.1:4100', '--key', INGEST_KEY])).toMatchObject({ code: 2, stderr: expect.stringContaining('--url 127.0.0.1:4100 is not an http(s) URL') });
    expect(await cli(['import', join(dir, 'missing.ndjson'), '--url', t.url, '--key', INGEST_KEY])).toMatchObject({ code: 2, stderr: `launchwatch: cannot read ${join(dir, 'missing.ndjson')}: no such file\n` });
    expect(await cli(['import', exportFile, '--data', join(dir, 'nowhere')], { LAUNCHWATCH_PLAN: '' })).toMatchObject({ code: 2, stderr: expect.stringContaining('--data needs --plan') });

    await cli(['privacy', 'pause', '--reason', 'PII report', '--url', t.url]);
    try {
      const paused = await cli(['import', exportFile, '--url', t.url, '--key', INGEST_KEY]);
      expect(paused).toMatchObject({ code: 5, stderr: expect.stringContaining('ingest is paused: PII report') });
      expect(paused.stderr).toContain('(nothing was imported)');
    } finally {
      await cli(['privacy', 'resume', '--url', t.url]);
    }
  });

  it('imports into a stopped server’s data directory, offline, and stores nothing twice', async () => {
    const data = join(dir, 'offline-data');
    expect(await cli(['import', exportFile, '--data', data, '--plan', planFile])).toMatchObject({ code: 0, stdout: `${exportFile}: 13 line(s): 13 accepted, 0 duplicate(s), 0 rejected\n` });
    expect(await cli(['import', exportFile, '--data', data, '--plan', planFile])).toMatchObject({ code: 0, stdout: `${exportFile}: 13 line(s): 0 accepted, 13 duplicate(s), 0 rejected\n` });
    const app = await createLaunchwatch({ plan: planFrom(PLAN), dataDir: data, port: 0, scheduler: false, logger: createLogger('silent'), memoryLimit: '512MB' });
    try {
      expect(await app.stores.events.counts()).toMatchObject({ run: 12, telemetry_consent: 1 });
    } finally {
      await app.stop();
    }
  });
});

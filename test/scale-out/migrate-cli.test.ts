/**
 * `launchwatch migrate` through the built CLI (dist/, `npx tsc -p tsconfig.build.json`):
 * the happy path with the counts table and exit 0, the URLs from the
 * environment, a missing --events, and a data directory a running server holds.
 * The PostgreSQL URL carries the test server's password: it is never printed.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dropTestDatabases, freshDatabaseUrl } from '../helpers/clickhouse-events.js';
import { fixturePlan } from '../helpers/plan.js';
import { freshDatabase } from '../helpers/postgres.js';
import { CLI, startServerProcess } from '../helpers/server-process.js';
import { fillEmbedded } from './embedded-fixture.js';

const run = promisify(execFile);
const PLAN = fileURLToPath(new URL('../fixtures/plan.yaml', import.meta.url));
const password = new URL(inject('postgresUrl')).password;
let dir: string;

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = { ...process.env, LAUNCHWATCH_STATE_URL: '', LAUNCHWATCH_EVENTS_URL: '', NO_COLOR: '1', ...env };
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: clean });
    return { code: 0, stdout, stderr };
  } catch (error: unknown) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lw-migrate-cli-'));
  await fillEmbedded(dir, await fixturePlan());
}, 60_000);

afterAll(async () => {
  await dropTestDatabases();
  rmSync(dir, { recursive: true, force: true });
});

describe('launchwatch migrate (CLI)', () => {
  it('copies, prints progress and the counts, exits 0, and never prints the password', async () => {
    expect(password).not.toBe('');
    const state = await freshDatabase();
    const events = freshDatabaseUrl();
    const result = await cli(['migrate', '--data', dir, '--plan', PLAN, '--batch-size', '10'], { LAUNCHWATCH_STATE_URL: state, LAUNCHWATCH_EVENTS_URL: events });
    expect(result.stderr).toContain('the copy is complete and every count matches');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^events command_generation: 60 rows copied, 60 in this run \(\d+ rows\/s\), done$/m);
    expect(result.stdout).toMatch(/^table\s+source\s+target$/m);
    expect(result.stdout).toMatch(/^notifications\s+4\s+4\s+ok$/m);
    expect(result.stdout).toMatch(/^events command_execution\s+25\s+25\s+ok$/m);
    expect(result.stdout).not.toContain('MISMATCH');
    expect(`${result.stdout}${result.stderr}`).not.toContain(password);
    expect(result.stderr).toContain(':***@');

    // Again, with the flags: nothing new, still all matching.
    const again = await cli(['migrate', '--data', dir, '--plan', PLAN, '--state', state, '--events', events]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^notifications: 4 rows copied, 0 in this run \(0 rows\/s\), done \(nothing new\)$/m);
    expect(`${again.stdout}${again.stderr}`).not.toContain(password);
  }, 120_000);

  it('finishes the copy after a kill -9 midway, every count matching', async () => {
    const state = await freshDatabase();
    const events = freshDatabaseUrl();
    const args = ['migrate', '--data', dir, '--plan', PLAN, '--state', state, '--events', events];
    const child = spawn(process.execPath, [CLI, ...args, '--batch-size', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString();
      // Killed while the second event table is being copied, one event per batch.
      if (/^events command_execution: .* done$/m.test(stderr)) child.kill('SIGKILL');
    });
    expect(await exited).toBe('SIGKILL');
    expect(stderr).not.toContain('the copy is complete');
    const resumed = await cli(args);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/^events command_execution: 25 rows copied, 0 in this run .*done \(nothing new\)$/m);
    expect(resumed.stdout).toMatch(/^events command_generation\s+60\s+60\s+ok$/m);
    expect(resumed.stdout).toMatch(/^metric_samples\s+40\s+40\s+ok$/m);
    expect(resumed.stdout).not.toContain('MISMATCH');
  }, 120_000);

  it('refuses without --events in one clear line, exit 2, and the help shows no URL', async () => {
    const result = await cli(['migrate', '--data', dir, '--plan', PLAN, '--state', inject('postgresUrl')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['launchwatch: --events (or LAUNCHWATCH_EVENTS_URL) is needed: the ClickHouse URL the events are copied to, http://user:password@host:8123/db']);
    expect(result.stdout).toBe('');
    const help = await cli(['migrate', '--help'], { LAUNCHWATCH_STATE_URL: inject('postgresUrl') });
    expect(help.stdout).toContain('--events <url>');
    expect(help.stdout).not.toContain(password);
  });

  it('refuses a data directory a running server holds', async () => {
    const server = await startServerProcess(['--plan', PLAN, '--data', dir]);
    try {
      const result = await cli(['migrate', '--data', dir, '--plan', PLAN, '--state', await freshDatabase(), '--events', freshDatabaseUrl()]);
      expect(result.stderr).toContain(`the data directory ${dir} is in use by a running launchwatch: stop the embedded server, then migrate`);
      expect(result.code).toBe(2);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 60_000);
});

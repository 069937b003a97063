/**
 * Vitest's global setup: the real PostgreSQL and ClickHouse servers the
 * scale-out tests run against, started once for the whole run by
 * scripts/services/<name>.sh (own data directory under the temp folder,
 * loopback port, idempotent: a server already running from an earlier run is
 * reused) and stopped at the end by the last test run using them, when a test
 * run started them. Runs at the same time (two vitest processes) register
 * under users/ in the services' directory, so that one finishing never stops
 * a server another is still using.
 *
 * Tests read the URLs with `inject('postgresUrl')` / `inject('clickhouseUrl')`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… of the test PostgreSQL server, with a user that may create databases. */
    postgresUrl: string;
    /** http://… of the test ClickHouse server's HTTP interface. */
    clickhouseUrl: string;
  }
}

/** Runs `scripts/services/<name>.sh <verb>`: its last line of output is the URL; "started" on an earlier line means this run started it. */
async function service(name: 'postgres' | 'clickhouse', verb: 'start' | 'stop'): Promise<{ url: string; started: boolean }> {
  const { stdout } = await run('bash', [`scripts/services/${name}.sh`, verb], { timeout: 180_000 });
  const lines = stdout.trim().split('\n');
  return { url: lines.at(-1) ?? '', started: lines.some((line) => line.startsWith('started')) };
}

const ROOT = process.env.LAUNCHWATCH_TEST_SERVICES_DIR ?? join(process.env.TMPDIR ?? tmpdir(), 'launchwatch-test-services');
const USERS = join(ROOT, 'users');
/** Present while servers a test run started are up: the last run to leave stops them. */
const STARTED_BY_TESTS = join(ROOT, 'started-by-tests');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The other test runs still using the servers (their registrations, less those of processes gone). */
function otherUsers(): number[] {
  return readdirSync(USERS)
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid && alive(pid));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  mkdirSync(USERS, { recursive: true });
  writeFileSync(join(USERS, String(process.pid)), '');
  const [postgres, clickhouse] = await Promise.all([service('postgres', 'start'), service('clickhouse', 'start')]);
  if (postgres.started || clickhouse.started) writeFileSync(STARTED_BY_TESTS, '');
  project.provide('postgresUrl', postgres.url);
  project.provide('clickhouseUrl', clickhouse.url);
  return async () => {
    rmSync(join(USERS, String(process.pid)), { force: true });
    if (process.env.LAUNCHWATCH_KEEP_SERVICES === '1' || otherUsers().length > 0 || !existsSync(STARTED_BY_TESTS)) return;
    rmSync(STARTED_BY_TESTS, { force: true });
    await Promise.all([service('postgres', 'stop'), service('clickhouse', 'stop')]);
  };
}

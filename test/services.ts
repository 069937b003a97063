/**
 * Vitest's global setup: the real PostgreSQL and ClickHouse servers the
 * scale-out tests run against, started once for the whole run by
 * scripts/services/<name>.sh (own data directory under the temp folder,
 * loopback port, idempotent: a server already running from an earlier run is
 * reused) and stopped at the end when this run started them.
 *
 * Tests read the URLs with `inject('postgresUrl')` / `inject('clickhouseUrl')`.
 */
import { execFile } from 'node:child_process';
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [postgres, clickhouse] = await Promise.all([service('postgres', 'start'), service('clickhouse', 'start')]);
  project.provide('postgresUrl', postgres.url);
  project.provide('clickhouseUrl', clickhouse.url);
  return async () => {
    if (process.env.LAUNCHWATCH_KEEP_SERVICES === '1') return;
    await Promise.all([...(postgres.started ? [service('postgres', 'stop')] : []), ...(clickhouse.started ? [service('clickhouse', 'stop')] : [])]);
  };
}

/**
 * Reloading the plan of the real server process (the built CLI): SIGHUP,
 * `launchwatch reload`, `serve --watch-plan`, and SIGUSR2 not ending it.
 * Needs `npm run build`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, startServerProcess, type ServerProcess } from './helpers/server-process.js';

const run = promisify(execFile);

const planWith = (metrics: readonly string[]) => `version: 1
product: { name: reloading }
ingest: { keys: [ { name: cli, key: "test-ingest-key-0123456789" } ] }
events:
  run: { ok: boolean }
metrics:
${metrics.map((id) => `  ${id}: { from: run, count: true, window: 1h }`).join('\n')}
`;

interface Running {
  readonly server: ServerProcess;
  /** Resolves once the server's log has a line matching the pattern, counting from now. */
  logged(pattern: RegExp): Promise<string>;
}

let dir: string;
let running: Running | undefined;
afterEach(async () => {
  running?.server.child.kill('SIGTERM');
  await running?.server.exited;
  running = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function serve(file: string, extra: readonly string[] = []): Promise<Running> {
  const server = await startServerProcess(['--plan', file, '--data', join(dir, 'data'), ...extra], { LAUNCHWATCH_ADMIN_TOKEN: '' });
  let output = '';
  const waiting: { pattern: RegExp; from: number; resolve: (line: string) => void }[] = [];
  server.child.stdout?.on('data', (data: Buffer) => {
    output += data.toString();
    for (const w of waiting.splice(0)) {
      const line = output.slice(w.from).split('\n').find((l) => w.pattern.test(l));
      if (line === undefined) waiting.push(w);
      else w.resolve(line);
    }
  });
  return { server, logged: (pattern) => new Promise((resolve) => waiting.push({ pattern, from: output.length, resolve })) };
}

const metricIds = async (url: string) => ((await (await fetch(`${url}/api/v1/metrics`)).json()) as { metrics: { id: string }[] }).metrics.map((m) => m.id);

describe('reloading the plan of a running server', () => {
  it('reloads on SIGHUP and keeps running on SIGUSR2', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-reload-cli-'));
    const file = join(dir, 'plan.yaml');
    writeFileSync(file, planWith(['runs']));
    running = await serve(file);
    const { server } = running;

    const ignored = running.logged(/SIGUSR2 ignored/);
    server.child.kill('SIGUSR2');
    await ignored;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    writeFileSync(file, planWith(['runs', 'more_runs']));
    const reloaded = running.logged(/"msg":"plan reloaded"/);
    server.child.kill('SIGHUP');
    expect(await reloaded).toContain('"version":2');
    expect(await metricIds(server.url)).toEqual(['runs', 'more_runs']);

    const refused = running.logged(/plan reload refused/);
    writeFileSync(file, planWith(['runs']).replace('count: true', 'count: nope'));
    server.child.kill('SIGHUP');
    expect(await refused).toContain(`${file}:`);
    expect(await metricIds(server.url)).toEqual(['runs', 'more_runs']);
  });

  it('launchwatch reload: prints the new version, or every error at file:line:col with a failing exit code', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-reload-cli-'));
    const file = join(dir, 'plan.yaml');
    writeFileSync(file, planWith(['runs']));
    running = await serve(file);
    const { url } = running.server;

    writeFileSync(file, planWith(['runs', 'other']));
    const good = await run(process.execPath, [CLI, 'reload', '--url', url], { env: { ...process.env, LAUNCHWATCH_ADMIN_TOKEN: '' } });
    expect(good.stdout).toBe('plan reloaded: version 2, 2 metrics\n');
    expect(await metricIds(url)).toEqual(['runs', 'other']);

    writeFileSync(file, planWith(['runs', 'other']).replace(/window: 1h/g, 'window: soon'));
    const bad = await run(process.execPath, [CLI, 'reload', '--url', url], { env: { ...process.env, LAUNCHWATCH_ADMIN_TOKEN: '' } }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('the plan was not reloaded');
    expect(bad.stderr).toMatch(new RegExp(`${file}:7:\\d+: metrics\\.runs\\.window: "soon" is not a duration`));
    expect(bad.stderr).toMatch(new RegExp(`${file}:8:\\d+: metrics\\.other\\.window: "soon" is not a duration`));
    expect(await metricIds(url)).toEqual(['runs', 'other']);
  });

  it('serve --watch-plan reloads when the plan file changes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-reload-cli-'));
    const file = join(dir, 'plan.yaml');
    writeFileSync(file, planWith(['runs']));
    running = await serve(file, ['--watch-plan']);
    const reloaded = running.logged(/"msg":"plan reloaded"/);
    writeFileSync(file, planWith(['runs', 'watched']));
    await reloaded;
    expect(await metricIds(running.server.url)).toEqual(['runs', 'watched']);
  });
});

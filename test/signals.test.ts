/**
 * Signals to the real CLI process: SIGUSR1 and SIGUSR2 neither end it nor
 * open a debugger; SIGTERM and SIGINT stop it gracefully, with status 0 and
 * every acknowledged event kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { serve, type Served } from './helpers/small-disk.js';
import { waitFor } from './helpers/prometheus-tools.js';

const KEY = 'signals-ingest-key-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'lw-signals-'));
const plan = join(dir, 'plan.yaml');
writeFileSync(plan, `version: 1\nproduct: { name: sig }\ningest: { keys: [ { name: t, key: ${KEY} } ] }\nevents:\n  run: { ok: boolean }\nmetrics:\n  runs: { from: run, count: true, window: 30d }\n`);

let server: Served | undefined;
afterEach(async () => {
  server?.child.kill('SIGKILL');
  await server?.exited;
  server = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function stored(url: string): Promise<unknown> {
  const status = (await (await fetch(`${url}/api/v1/status`)).json()) as { events: Record<string, unknown> };
  return status.events.run;
}

describe('signals', () => {
  it('ignores SIGUSR1 and SIGUSR2: the server keeps answering, and no debugger is opened', async () => {
    server = await serve(['--plan', plan, '--data', join(dir, 'usr')]);
    const running = server;
    for (const signal of ['SIGUSR1', 'SIGUSR2'] as const) {
      running.child.kill(signal);
      await waitFor(() => (running.output().includes(`${signal} ignored`) ? true : undefined), `${signal} to be logged`, { timeoutMs: 5_000 });
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    }
    expect(running.child.exitCode).toBeNull();
    expect(running.output()).not.toContain('Debugger listening');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops gracefully on ${signal}: status 0, the acknowledged events kept, and says so`, async () => {
      const data = join(dir, signal);
      server = await serve(['--plan', plan, '--data', data]);
      const events = Array.from({ length: 50 }, (_, i) => ({ type: 'run', id: `${signal}-${i}`, timestamp: new Date(Date.now() - 1000).toISOString(), properties: { ok: true } }));
      const answer = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
      expect(answer.status).toBe(200);
      server.child.kill(signal);
      expect(await server.exited).toBe(0);
      expect(server.output()).not.toMatch(/unhandled/i);
      // The last line says it stopped, as JSON like every line of serve.
      expect(server.output().trimEnd().split('\n').at(-1)).toMatch(/^\{.*"msg":"launchwatch stopped"/);

      server = await serve(['--plan', plan, '--data', data]);
      expect(await stored(server.url)).toBe(50);
    });
  }
});

/**
 * The README's first command: `launchwatch demo` (what `npm start` runs) as a
 * user runs it, from the built CLI. Within seconds every metric of the caro
 * plan is in GET /api/v1/metrics and `launchwatch status`, each with a value
 * and a status (but the GitHub metrics, which need a token the demo does not
 * have), and the server stops cleanly.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_HISTORY_DAYS, EXAMPLE_PLAN } from '../src/cli/demo.js';
import { loadPlanFile } from '../src/plan/load.js';
import { CLI } from './helpers/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface MetricAnswer {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly value: number | null;
  readonly status: string;
  readonly target: unknown;
  readonly groups: readonly { readonly value: number | null }[];
}

describe('launchwatch demo', () => {
  it('shows every metric of the example plan with its value and status within seconds, then stops cleanly', async () => {
    const port = await freePort();
    const key = 'demo-test-ingest-key-0123456789';
    const child = spawn(process.execPath, [CLI, 'demo', '--port', String(port), '--data', dir], { env: { ...process.env, NO_COLOR: '1', CARO_INGEST_KEY: key }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const started = Date.now();
      while (!output.includes('simulator: streaming')) {
        if (child.exitCode !== null) throw new Error(`the demo exited early:\n${output}`);
        if (Date.now() - started > 90_000) throw new Error(`the demo did not finish its backfill:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(output).toContain(`backfilled day ${DEMO_HISTORY_DAYS}/${DEMO_HISTORY_DAYS}`);
      // Lines for people: no JSON log line, no error; the GitHub source's warning in words.
      expect(output.split('\n').filter((l) => l.startsWith('{'))).toEqual([]);
      expect(output).toContain('launchwatch: warn: sources.github has no token');
      expect(output).not.toContain('launchwatch: error:');
      // The live stream continues the history's pace instead of swamping it.
      expect(output).toMatch(/simulator: streaming at the history's pace: \d+ events a day/);
      // The ingest key is printed (CARO_INGEST_KEY honoured), and an event of one's own is taken with it.
      while (!output.includes('Press Ctrl-C to stop.')) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain(`ingest key: ${key} (from CARO_INGEST_KEY)`);
      const own = { events: [{ type: 'command_generation', timestamp: new Date().toISOString(), user_id: 'u_me_1', properties: { backend: 'static', success: true, duration_ms: 42 } }] };
      const sent = await fetch(`http://127.0.0.1:${port}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(own) });
      expect(await sent.json()).toMatchObject({ accepted: 1 });

      const loaded = await loadPlanFile(EXAMPLE_PLAN, { ...process.env, CARO_INGEST_KEY: 'x', SLACK_WEBHOOK_URL: 'http://x', PAGERDUTY_URL: 'http://x', PD_ROUTING_KEY: 'x' });
      if (loaded.kind !== 'ok') throw new Error('the example plan does not load');
      const answer = (await (await fetch(`http://127.0.0.1:${port}/api/v1/metrics`)).json()) as { metrics: MetricAnswer[] };
      expect(answer.metrics.map((m) => m.id)).toEqual(loaded.plan.metrics.map((m) => m.id));
      for (const metric of answer.metrics) {
        if (metric.kind === 'github') continue; // needs GITHUB_TOKEN and the network
        const measured = metric.kind === 'share' ? metric.groups.some((g) => g.value !== null) : metric.value !== null;
        expect(measured, `${metric.id} has a value`).toBe(true);
        const spec = loaded.plan.metrics.find((m) => m.id === metric.id);
        if (spec && spec.targets.length > 0) expect(['green', 'yellow', 'red'], `${metric.id} is judged`).toContain(metric.status);
      }
      expect(answer.metrics.find((m) => m.id === 'day7_retention')?.value).toBeGreaterThan(0);

      const status = await promisify(execFile)(process.execPath, [CLI, 'status', '--url', `http://127.0.0.1:${port}`], { env: { ...process.env, NO_COLOR: '1' } });
      for (const metric of answer.metrics) expect(status.stdout).toContain(metric.title);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 150_000);
});

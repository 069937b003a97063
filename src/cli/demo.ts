import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { humanLogStream } from '../demo/log-lines.js';
import { startSink } from '../demo/sink.js';
import { startSimulator } from '../demo/simulator.js';
import { startServer, stopOnSignals } from './serve.js';

export const EXAMPLE_PLAN = fileURLToPath(new URL('../../examples/caro.yaml', import.meta.url));
/** Days of history the demo's simulator sends before streaming. */
export const DEMO_HISTORY_DAYS = 14;

/** What the demo prints once it runs: where to look, its ingest key, and how to send an event of your own. Pure. */
export function banner(o: { url: string; self: string; key: string; keyFromEnv: boolean; data: string }): string {
  // Copied into a shell (bash, zsh), the timestamp is the time it is sent.
  const event = `{"events":[{"type":"command_generation","timestamp":"'"$(date -u +%FT%TZ)"'","user_id":"u_me_1","properties":{"backend":"static","success":true,"duration_ms":42}}]}`;
  return [
    '',
    `launchwatch demo is running at ${o.url} (data in ${o.data}, emptied at every start)`,
    `  dashboard:  ${o.url}/app/`,
    `  status:     ${o.self} status --url ${o.url}`,
    `  ingest key: ${o.key}${o.keyFromEnv ? ' (from CARO_INGEST_KEY)' : ' (a new one each start; set CARO_INGEST_KEY to choose it)'}`,
    '  send an event of your own:',
    `    curl -X POST ${o.url}/v1/events -H 'Authorization: Bearer ${o.key}' -H 'content-type: application/json' \\`,
    `      -d '${event}'`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

/**
 * `launchwatch demo`: the caro example plan on a fresh embedded data file, with
 * a traffic simulator sending two weeks of history (so that Day 7 retention,
 * whose cohort is the users first seen 14 to 7 days ago, has a value) and then
 * live events.
 */
export async function demoCommand(options: { data: string; port: number; host: string; plan?: string }): Promise<number | undefined> {
  // The demo starts from an empty data file each time (only launchwatch's own files are removed).
  // The ingest log too: a crashed demo's unloaded events must not flow into the fresh file.
  for (const file of ['launchwatch.duckdb', 'launchwatch.duckdb.wal', 'ingest-log']) rmSync(join(options.data, file), { force: true, recursive: true });
  const key = process.env.CARO_INGEST_KEY || `demo_${randomBytes(12).toString('hex')}`;
  // The demo logs warnings only, so the terminal stays readable; LOG_LEVEL=info shows every request.
  // Slack and PagerDuty are stood in for by a local sink that prints what they would receive.
  const sink = await startSink((line) => console.error(`demo: ${line}`));
  const env = {
    ...process.env,
    CARO_INGEST_KEY: key,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SLACK_WEBHOOK_URL: `${sink.url}/slack`,
    PAGERDUTY_URL: `${sink.url}/pagerduty`,
    PD_ROUTING_KEY: 'demo-routing-key',
  };
  // Lines for people in the terminal; `serve` keeps JSON lines for log shippers.
  const app = await startServer({ plan: options.plan ?? EXAMPLE_PLAN, data: options.data, port: options.port, host: options.host, logDestination: humanLogStream() }, env);
  if (typeof app === 'number') {
    await sink.close();
    return app;
  }
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${options.port}`;
  const simulator = await startSimulator({ url, key, profile: 'caro', backfill: { days: DEMO_HISTORY_DAYS }, log: (line) => console.error(`simulator: ${line}`) });
  const self = `node ${relative(process.cwd(), process.argv[1] ?? 'dist/cli/main.js')}`;
  console.error(banner({ url, self, key, keyFromEnv: Boolean(process.env.CARO_INGEST_KEY), data: options.data }));
  stopOnSignals(app, async () => {
    await simulator.stop();
    await sink.close();
  });
  return undefined;
}

#!/usr/bin/env node
/** The launchwatch command line: maps flags and environment onto the commands. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { VERSION } from '../version.js';
import { checkCommand } from './check.js';
import { demoCommand } from './demo.js';
import { serveCommand } from './serve.js';
import { reloadCommand } from './reload.js';
import { ackCommand, alertsCommand } from './alerts.js';
import { hygieneCommand } from './alerts-hygiene.js';
import { registerIncidentCommands } from './incident.js';
import { registerReportCommands } from './report.js';
import { registerCriteriaCommand } from './criteria.js';
import { importCommand } from './import.js';
import { registerPrivacyCommands } from './privacy.js';
import { registerOnCallCommands } from './oncall.js';
import { registerReleaseCommands } from './release.js';
import { registerBaselineCommands } from './baseline.js';
import { registerBacklogCommands } from './backlog.js';
import { routesTestCommand } from './routes.js';
import { silenceAddCommand, silenceExpireCommand, silenceListCommand } from './silence.js';
import { statusCommand } from './status.js';
import { registerSloCommands } from './slo.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
}

const env = process.env;
/** PORT from the environment; a bad value is an error only for the commands that listen. */
const envPort = env.PORT && /^\d+$/.test(env.PORT) && Number(env.PORT) <= 65535 ? Number(env.PORT) : undefined;
const defaultPort = envPort ?? 4100;

/** The port to listen on: --port, else PORT, else 4100; undefined (after saying why) when PORT is not a port. */
function listenPort(given: number | undefined): number | undefined {
  if (given !== undefined) return given;
  if (env.PORT && envPort === undefined) {
    console.error(`launchwatch: PORT=${env.PORT} is not a port (a whole number from 0 to 65535)`);
    return undefined;
  }
  return defaultPort;
}

function finish(code: number | undefined): void {
  if (code !== undefined) process.exitCode = code;
}

const program = new Command()
  .name('launchwatch')
  .description('Carries out a post-launch monitoring plan: telemetry, metrics against targets, alerts, incidents, reports.')
  .version(VERSION)
  // A command's options come before its subcommands (oncall --url ... vs oncall override list --url ...).
  .enablePositionalOptions();

program
  .command('serve')
  .description('start the server with a plan and a data directory')
  .option('--plan <file>', 'the plan file', env.LAUNCHWATCH_PLAN ?? './launchwatch.yaml')
  .option('--data <dir>', 'the data directory', env.LAUNCHWATCH_DATA ?? './.launchwatch')
  .option('--port <port>', 'the port to listen on (default: PORT or 4100)', port)
  .option('--host <host>', 'the address to listen on', env.HOST ?? '127.0.0.1')
  .option('--memory-limit <size>', "DuckDB's memory limit (default 512MB), e.g. 2GB", env.LAUNCHWATCH_MEMORY_LIMIT)
  .option('--external-url <url>', 'the URL people reach this server at, for links in notifications', env.LAUNCHWATCH_EXTERNAL_URL)
  .option('--watch-plan', 'reload the plan when its file changes', false)
  // The URLs may hold passwords: read from the environment in the action, never shown as defaults in --help.
  .option('--state <url>', 'scale-out: the state in PostgreSQL, postgres://user:password@host:5432/db (or LAUNCHWATCH_STATE_URL)')
  .option('--events <url>', 'scale-out: the events in ClickHouse, http://user:password@host:8123/db (or LAUNCHWATCH_EVENTS_URL)')
  .option('--replica-url <url>', 'scale-out: the URL other replicas reach this one at (default: --external-url, else the listen address; or LAUNCHWATCH_REPLICA_URL)')
  .action(async (options: { plan: string; data: string; port?: number; host: string; memoryLimit?: string; externalUrl?: string; watchPlan: boolean; state?: string; events?: string; replicaUrl?: string }) => {
    const p = listenPort(options.port);
    const state = options.state ?? (env.LAUNCHWATCH_STATE_URL || undefined);
    const events = options.events ?? (env.LAUNCHWATCH_EVENTS_URL || undefined);
    const replicaUrl = options.replicaUrl ?? (env.LAUNCHWATCH_REPLICA_URL || undefined);
    const scaleOut = { ...(state ? { state } : {}), ...(events ? { events } : {}), ...(replicaUrl ? { replicaUrl } : {}) };
    finish(p === undefined ? 2 : await serveCommand({ ...options, ...scaleOut, port: p }));
  });

program
  .command('demo')
  .description('start the server with the example plan and a traffic simulator')
  // Never LAUNCHWATCH_DATA: the demo empties its data file on start.
  .option('--data <dir>', 'the demo data directory (emptied on start)', './.launchwatch-demo')
  .option('--port <port>', 'the port to listen on (default: PORT or 4100)', port)
  .option('--host <host>', 'the address to listen on', env.HOST ?? '127.0.0.1')
  .action(async (options: { data: string; port?: number; host: string }) => {
    const p = listenPort(options.port);
    finish(p === undefined ? 2 : await demoCommand({ ...options, port: p }));
  });

program
  .command('check')
  .description('validate a plan file; prints every error with file:line:col')
  .argument('<plan>', 'the plan file')
  .addOption(new Option('--env-missing <mode>', 'an unset ${VAR}: error, or ok (a warning; the plan otherwise checked)').choices(['error', 'ok']).default('error'))
  .action(async (file: string, options: { envMissing: 'error' | 'ok' }) => finish(await checkCommand(file, { envMissing: options.envMissing })));

const serverUrl = env.LAUNCHWATCH_URL ?? `http://127.0.0.1:${defaultPort}`;
const client = (url: string) => ({ url, ...(env.LAUNCHWATCH_ADMIN_TOKEN ? { token: env.LAUNCHWATCH_ADMIN_TOKEN } : {}) });

program
  .command('status')
  .description('print every metric of a running server against its target')
  .option('--url <url>', 'the server', serverUrl)
  .option('--json', 'print the JSON answer', false)
  .action(async (options: { url: string; json: boolean }) =>
    finish(await statusCommand({ ...client(options.url), json: options.json })),
  );


program
  .command('reload')
  .description('make a running server read its plan file again (as SIGHUP does); prints every error of a refused plan')
  .option('--url <url>', 'the server', serverUrl)
  .action(async (options: { url: string }) => finish(await reloadCommand(client(options.url))));

program
  .command('alerts')
  .description('list the alerts of a running server: firing, pending, no data, recently resolved')
  .option('--url <url>', 'the server', serverUrl)
  .option('--state <state>', 'only alerts in this state (firing, pending, resolved, nodata, error, inactive)')
  .option('--json', 'print the JSON answer', false)
  .action(async (options: { url: string; state?: string; json: boolean }) => finish(await alertsCommand({ ...client(options.url), json: options.json, ...(options.state ? { state: options.state } : {}) })))
  .command('hygiene')
  .description('which alerts are noise: per rule fired, flapped, acknowledged and how fast, silenced, sent outside working hours; pages per person; incidents no alert saw')
  .option('--since <duration>', 'how far back, from 1h to 366d', '30d')
  .option('--url <url>', 'the server', serverUrl)
  .option('--json', 'print the JSON answer', false)
  .action(async (options: { url: string; since: string; json: boolean }) => finish(await hygieneCommand({ ...client(options.url), json: options.json, since: options.since })));

program
  .command('ack')
  .description('acknowledge a firing alert: it stops repeating, and PagerDuty hears acknowledge')
  .argument('<fingerprint>', 'the alert, as shown by launchwatch alerts')
  .option('--by <name>', 'who takes it', env.USER ?? 'cli')
  .option('--url <url>', 'the server', serverUrl)
  .action(async (fingerprint: string, options: { url: string; by: string }) => finish(await ackCommand({ ...client(options.url), fingerprint, by: options.by })));

const silence = program.command('silence').description('silence alerts by their labels, for a while');
silence
  .command('add')
  .description('add a silence; prints its id')
  .argument('<matchers...>', 'label matchers: alertname=x severity=~"P3|P4" team!=web')
  .option('--duration <duration>', 'how long, e.g. 2h', '1h')
  .option('--author <name>', 'who silences', env.USER ?? 'cli')
  .requiredOption('--comment <text>', 'why (required, as in amtool: the silence says it)')
  .option('--url <url>', 'the server', serverUrl)
  .action(async (matchers: string[], options: { url: string; duration: string; author: string; comment: string }) =>
    finish(await silenceAddCommand({ ...client(options.url), matchers, duration: options.duration, author: options.author, comment: options.comment })),
  );
silence
  .command('list')
  .description('list active and pending silences')
  .option('--all', 'include expired silences', false)
  .option('--json', 'print the JSON answer', false)
  .option('--url <url>', 'the server', serverUrl)
  .action(async (options: { url: string; all: boolean; json: boolean }) => finish(await silenceListCommand({ ...client(options.url), all: options.all, json: options.json })));
silence
  .command('expire')
  .description('end silences now')
  .argument('<ids...>', 'silence ids')
  .option('--url <url>', 'the server', serverUrl)
  .action(async (ids: string[], options: { url: string }) => finish(await silenceExpireCommand({ ...client(options.url), ids })));

program
  .command('routes')
  .description('routing of the plan')
  .command('test')
  .description('which channels an alert with these labels would reach, without sending anything')
  .requiredOption('--labels <labels>', 'e.g. severity=P1,alertname=command_success_rate_drop')
  .option('--plan <file>', 'the plan file', env.LAUNCHWATCH_PLAN ?? './launchwatch.yaml')
  .option('--at <time>', "when, for routes' time intervals (ISO 8601 with Z or an offset, e.g. 2026-12-07T20:00Z); default now")
  .action(async (options: { plan: string; labels: string; at?: string }) => finish(await routesTestCommand(options)));

registerOnCallCommands(program, client, serverUrl);
registerIncidentCommands(program, client, serverUrl);
registerReportCommands(program, client, serverUrl, env.LAUNCHWATCH_PLAN ?? './launchwatch.yaml');
registerCriteriaCommand(program, client, serverUrl);
registerSloCommands(program, client, serverUrl, env.LAUNCHWATCH_PLAN ?? './launchwatch.yaml');
registerPrivacyCommands(program, client, serverUrl);

program
  .command('import')
  .description('ingest an SDK export (checksum verified) or NDJSON into a running server or an offline data directory; idempotent')
  .argument('<file>', 'the export or NDJSON file')
  .option('--url <url>', 'a running server (the default)', serverUrl)
  .option('--key <key>', 'an ingest key of the plan (default: LAUNCHWATCH_INGEST_KEY)', env.LAUNCHWATCH_INGEST_KEY)
  .option('--data <dir>', 'import into this data directory instead, offline (with --plan)')
  .option('--plan <file>', 'the plan, with --data', env.LAUNCHWATCH_PLAN)
  .action(async (file: string, options: { url: string; key?: string; data?: string; plan?: string }) =>
    finish(await importCommand({ file, ...options, progress: Boolean(process.stderr.isTTY) })),
  );
program
  .command('migrate')
  .description('copy a stopped embedded installation (--data) to PostgreSQL (--state) and ClickHouse (--events); resumable, counts checked at the end')
  .option('--data <dir>', 'the embedded data directory', env.LAUNCHWATCH_DATA ?? './.launchwatch')
  .option('--plan <file>', 'the plan file', env.LAUNCHWATCH_PLAN ?? './launchwatch.yaml')
  // The URLs may hold passwords: read from the environment in the action, never shown as defaults in --help.
  .option('--state <url>', 'the PostgreSQL URL, postgres://user:password@host:5432/db (or LAUNCHWATCH_STATE_URL)')
  .option('--events <url>', 'the ClickHouse URL, http://user:password@host:8123/db (or LAUNCHWATCH_EVENTS_URL)')
  .option('--batch-size <rows>', 'rows per batch', (value: string) => {
    if (!/^[1-9]\d{0,6}$/.test(value)) throw new InvalidArgumentError('a whole number of rows from 1 to 9999999');
    return Number(value);
  })
  .action(async (options: { data: string; plan: string; state?: string; events?: string; batchSize?: number }) => {
    const { migrateCommand } = await import('./migrate.js');
    const state = options.state ?? (env.LAUNCHWATCH_STATE_URL || undefined);
    const events = options.events ?? (env.LAUNCHWATCH_EVENTS_URL || undefined);
    finish(await migrateCommand({ data: options.data, plan: options.plan, ...(state ? { state } : {}), ...(events ? { events } : {}), ...(options.batchSize ? { batchSize: options.batchSize } : {}) }));
  });
registerReleaseCommands(program, client, serverUrl);
registerBaselineCommands(program, client, serverUrl);
registerBacklogCommands(program, client, serverUrl);

await program.parseAsync();

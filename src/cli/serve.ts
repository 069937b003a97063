import { watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { createLaunchwatch, type Launchwatch } from '../app.js';
import { LaunchwatchError } from '../errors.js';
import type { DestinationStream, LevelWithSilent, Logger } from 'pino';
import { createLogger } from '../logger.js';
import { formatPlanError, loadPlanFile } from '../plan/load.js';
import { tokenProblem } from '../server/auth.js';
import { isDiskFull } from '../store/disk-full.js';
import { dataDirectoryProblem } from './data-dir.js';

export interface ServeOptions {
  readonly plan: string;
  readonly data: string;
  readonly port: number;
  readonly host: string;
  readonly memoryLimit?: string;
  /** The URL people reach this server at, for links in notifications. */
  readonly externalUrl?: string;
  /** Reload the plan when its file changes (off by default). */
  readonly watchPlan?: boolean;
  /** Where log records go (default stdout, as JSON lines); the demo gives lines for people. */
  readonly logDestination?: DestinationStream;
  /** Scale-out: the state's PostgreSQL URL and the events' ClickHouse URL, both or neither (else --data). */
  readonly state?: string;
  readonly events?: string;
  /** Scale-out: this replica's URL as the other replicas reach it (default --external-url, else the listen address). */
  readonly replicaUrl?: string;
}

/** The store the flags choose: the scale-out pair, or the embedded DuckDB under --data; a message when only one URL is given. */
export function storeOf(options: Pick<ServeOptions, 'state' | 'events'>): { kind: 'scaleout'; stateUrl: string; eventsUrl: string } | { kind: 'duckdb' } | { problem: string } {
  if (options.state && options.events) return { kind: 'scaleout', stateUrl: options.state, eventsUrl: options.events };
  if (options.state) return { problem: '--state (LAUNCHWATCH_STATE_URL) needs --events (LAUNCHWATCH_EVENTS_URL): the events go to ClickHouse when the state is in PostgreSQL' };
  if (options.events) return { problem: '--events (LAUNCHWATCH_EVENTS_URL) needs --state (LAUNCHWATCH_STATE_URL): the state goes to PostgreSQL when the events are in ClickHouse' };
  return { kind: 'duckdb' };
}

/** A replica that lost the leader lease exits with this (EX_TEMPFAIL), for its supervisor to start it again as a follower. */
export const LEADERSHIP_LOST_EXIT = 75;

/** Loads the plan and starts the server; the plan's errors are printed with file:line:col. */
export async function startServer(options: ServeOptions, env: NodeJS.ProcessEnv = process.env): Promise<Launchwatch | number> {
  const loaded = await loadPlanFile(options.plan, env);
  if (loaded.kind === 'invalid') {
    for (const error of loaded.errors) console.error(formatPlanError(error));
    return 1;
  }
  const level = env.LOG_LEVEL ?? 'info';
  if (!LEVELS.includes(level)) {
    console.error(`launchwatch: LOG_LEVEL=${level} is not one of ${LEVELS.join(', ')}`);
    return 2;
  }
  const problem = tokenProblem({ admin: env.LAUNCHWATCH_ADMIN_TOKEN || undefined, viewer: env.LAUNCHWATCH_VIEWER_TOKEN || undefined });
  if (problem) {
    console.error(`launchwatch: ${problem}`);
    return 2;
  }
  const store = storeOf(options);
  if ('problem' in store) {
    console.error(`launchwatch: ${store.problem}`);
    return 2;
  }
  // The scale-out backends keep nothing under --data.
  const dataProblem = store.kind === 'duckdb' ? await dataDirectoryProblem(options.data) : undefined;
  if (dataProblem) {
    console.error(`launchwatch: ${dataProblem}`);
    return 1;
  }
  const logger = createLogger(level as LevelWithSilent, options.logDestination);
  let app: Launchwatch | undefined;
  try {
    app = await createLaunchwatch({
      plan: loaded.plan,
      planFile: options.plan,
      env,
      dataDir: resolve(options.data),
      ...(store.kind === 'scaleout' ? { store } : {}),
      ...(options.replicaUrl ? { replicaUrl: options.replicaUrl.replace(/\/$/, '') } : {}),
      onLeadershipLost: (reason) => {
        logger.error({ reason }, 'this replica lost the leader lease: stopping, so that its supervisor starts it again as a follower');
        void (app?.stop() ?? Promise.resolve()).finally(() => process.exit(LEADERSHIP_LOST_EXIT));
      },
      port: options.port,
      host: options.host,
      logger,
      ...(env.LAUNCHWATCH_ADMIN_TOKEN ? { adminToken: env.LAUNCHWATCH_ADMIN_TOKEN } : {}),
      ...(env.LAUNCHWATCH_VIEWER_TOKEN ? { viewerToken: env.LAUNCHWATCH_VIEWER_TOKEN } : {}),
      ...(env.LAUNCHWATCH_SCRAPE_TOKEN ? { scrapeToken: env.LAUNCHWATCH_SCRAPE_TOKEN } : {}),
      ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
      ...(options.externalUrl ? { externalUrl: options.externalUrl.replace(/\/$/, '') } : {}),
    });
    await app.start();
    return app;
  } catch (error: unknown) {
    await app?.stop().catch(() => undefined);
    const message = startupFailure(error, options);
    if (message === undefined) throw error;
    console.error(`launchwatch: ${message}`);
    return error instanceof LaunchwatchError ? error.exitCode : 1;
  }
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** What an operator needs to hear when the server cannot start; undefined for a bug. */
function startupFailure(error: unknown, options: ServeOptions): string | undefined {
  if (error instanceof LaunchwatchError) return error.message;
  if (!(error instanceof Error)) return undefined;
  const code = 'code' in error ? String(error.code) : '';
  if (code === 'EADDRINUSE') return `port ${options.port} on ${options.host} is already in use`;
  if (code === 'EADDRNOTAVAIL' || code === 'EACCES') return `cannot listen on ${options.host}:${options.port} (${code})`;
  if (/Could not set lock on file/i.test(error.message)) return `the data directory ${options.data} is in use by another process`;
  if (/Failed to set config/i.test(error.message)) return `DuckDB refused a setting: is --memory-limit "${options.memoryLimit ?? ''}" a size like 2GB?`;
  if (/Invalid Input Error|IO Error|Serialization Error/i.test(error.message)) return `cannot open the data file: ${error.message.split('\n')[0] ?? ''}`;
  return undefined;
}

/**
 * Stops the app on SIGINT / SIGTERM, letting accepted events commit first,
 * and exits 0. A stop that fails (a full disk: the ingest log keeps every
 * acknowledged event for the next start) is logged, never left as an
 * unhandled rejection.
 */
export function stopOnSignals(app: Launchwatch, extra?: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      let code = 0;
      try {
        await extra?.();
        await app.stop();
      } catch (error: unknown) {
        code = stopFailure(app.logger, signal, error);
      }
      process.exit(code);
    })();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Logs a stop that did not finish; exit status 0 when the disk is full (nothing acknowledged is lost), else 1. */
function stopFailure(logger: Logger, signal: NodeJS.Signals, error: unknown): number {
  if (isDiskFull(error)) {
    logger.error({ signal }, 'disk full: stopped without loading the ingest log into the data file; the next start loads it (docs/operations.md, A full disk)');
    return 0;
  }
  logger.error({ signal, err: error }, 'the server did not stop cleanly');
  return 1;
}

/**
 * Signals that would otherwise end the process or open a debugger are
 * ignored: SIGUSR1 (Node's inspector) and SIGUSR2 are not a reload, so that a
 * tool sending them to a process does not change the plan by surprise.
 * Installed before the server starts; `logger()` is the server's logger once
 * there is one.
 */
export function ignoreSignals(logger: () => Logger | undefined): void {
  for (const signal of ['SIGUSR1', 'SIGUSR2'] as const) {
    process.on(signal, () => logger()?.info({ signal }, `${signal} ignored: send SIGHUP to reload the plan, SIGTERM to stop`));
  }
}

/** Reloads the plan on SIGHUP, as Prometheus and Alertmanager do; the outcome is logged by the reload itself. */
export function reloadOnSignals(app: Launchwatch, logger: Logger): void {
  process.on('SIGHUP', () => {
    logger.info({ signal: 'SIGHUP' }, 'reloading the plan');
    app.reload().catch(() => undefined); // logged by the reload
  });
}

/** How long the plan file must stay unchanged before a watched change reloads it: editors write a file in several steps. */
export const WATCH_DEBOUNCE_MS = 300;

/**
 * Calls `changed` once the plan file has stopped changing for the debounce.
 * Watches the file's directory, not the file: an editor that saves by
 * writing a new file and renaming it over the old one would end a watch on
 * the file itself. Returns the function that stops watching.
 */
export function watchPlanFile(file: string, changed: () => void, debounceMs = WATCH_DEBOUNCE_MS): () => void {
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dirname(resolve(file)), (_event, filename) => {
    if (filename !== null && filename !== name) return;
    clearTimeout(timer);
    timer = setTimeout(changed, debounceMs);
    timer.unref();
  });
  watcher.unref();
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

export async function serveCommand(options: ServeOptions): Promise<number | undefined> {
  const started: { app?: Launchwatch } = {};
  ignoreSignals(() => started.app?.logger);
  const app = await startServer(options);
  if (typeof app === 'number') return app;
  started.app = app;
  const logger = app.logger;
  reloadOnSignals(app, logger);
  const unwatch = options.watchPlan
    ? watchPlanFile(options.plan, () => {
        logger.info({ file: options.plan }, 'the plan file changed: reloading it');
        app.reload().catch(() => undefined); // logged by the reload
      })
    : undefined;
  stopOnSignals(app, async () => unwatch?.());
  return undefined;
}

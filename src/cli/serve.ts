import { watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { createLaunchwatch, type Launchwatch } from '../app.js';
import { LaunchwatchError } from '../errors.js';
import type { LevelWithSilent, Logger } from 'pino';
import { createLogger } from '../logger.js';
import { formatPlanError, loadPlanFile } from '../plan/load.js';
import { tokenProblem } from '../server/auth.js';

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
}

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
  const logger = createLogger(level as LevelWithSilent);
  let app: Launchwatch | undefined;
  try {
    app = await createLaunchwatch({
      plan: loaded.plan,
      planFile: options.plan,
      env,
      dataDir: resolve(options.data),
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

/** Stops the app on SIGINT / SIGTERM, letting accepted events commit first. */
export function stopOnSignals(app: Launchwatch, extra?: () => Promise<void>): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      await extra?.();
      await app.stop();
      process.exit(0);
    })();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * Reloads the plan on SIGHUP, as Prometheus and Alertmanager do; the outcome
 * is logged by the reload itself. SIGUSR2 is ignored (Node would otherwise
 * end the process): it is not a reload, so that a tool sending it to restart
 * a process does not change the plan by surprise.
 */
export function reloadOnSignals(app: Launchwatch, logger: Logger): void {
  process.on('SIGHUP', () => {
    logger.info({ signal: 'SIGHUP' }, 'reloading the plan');
    app.reload().catch(() => undefined); // logged by the reload
  });
  process.on('SIGUSR2', () => logger.info({ signal: 'SIGUSR2' }, 'SIGUSR2 ignored: send SIGHUP to reload the plan'));
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
  const app = await startServer(options);
  if (typeof app === 'number') return app;
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

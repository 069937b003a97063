/**
 * `launchwatch migrate --data DIR --state URL --events URL --plan FILE`:
 * copies a stopped embedded installation to the scale-out backends (the
 * state to PostgreSQL, the events to ClickHouse; src/store/migrate/), prints
 * progress lines on stderr and the counts of both sides on stdout. Exit 0 when
 * every count matches, 1 when one does not (each named) or the run stopped
 * before the end (run it again to go on), 2 for a missing or unusable flag.
 * The URLs' passwords are never printed.
 */
import { resolve } from 'node:path';
import { ERROR_CODES, LaunchwatchError } from '../errors.js';
import { formatPlanError, loadPlanFile } from '../plan/load.js';
import { countTable, migrateEmbedded, type MigrateResult } from '../store/migrate/index.js';

export interface MigrateCommandOptions {
  readonly data: string;
  readonly plan: string;
  readonly state?: string;
  readonly events?: string;
  readonly batchSize?: number;
}

/** A URL as it may be shown: its password (and any secret-looking parameter) as `***`. Pure. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) if (/pass|secret|key|token/i.test(key)) parsed.searchParams.set(key, '***');
    return parsed.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The message with every password the URLs hold replaced by `***`. Pure. */
export function withoutSecrets(message: string, urls: readonly string[]): string {
  let out = message;
  for (const url of urls) {
    const password = URL.canParse(url) ? new URL(url).password : '';
    for (const secret of new Set([password, decoded(password)])) if (secret.length > 0) out = out.replaceAll(secret, '***');
  }
  return out;
}

/** What the flags lack, in one line; undefined when both URLs are there. Pure. */
export function missingFlag(options: Pick<MigrateCommandOptions, 'state' | 'events'>): string | undefined {
  if (!options.state) return '--state (or LAUNCHWATCH_STATE_URL) is needed: the PostgreSQL URL the state is copied to, postgres://user:password@host:5432/db';
  if (!options.events) return '--events (or LAUNCHWATCH_EVENTS_URL) is needed: the ClickHouse URL the events are copied to, http://user:password@host:8123/db';
  return undefined;
}

function report(result: MigrateResult): number {
  if (result.stopped) {
    console.error('launchwatch: the copy stopped before the end: run launchwatch migrate again to go on where it stopped');
    return 1;
  }
  console.log(countTable(result.counts));
  if (result.mismatches.length > 0) {
    for (const line of result.mismatches) console.error(`launchwatch: mismatch: ${line}`);
    return 1;
  }
  console.error('launchwatch: the copy is complete and every count matches: start the replicas with --state and --events');
  return 0;
}

export async function migrateCommand(options: MigrateCommandOptions): Promise<number> {
  const missing = missingFlag(options);
  if (missing || !options.state || !options.events) {
    console.error(`launchwatch: ${missing ?? ''}`);
    return ERROR_CODES.invalid_request.exit;
  }
  const urls = [options.state, options.events];
  const loaded = await loadPlanFile(options.plan, process.env);
  if (loaded.kind === 'invalid') {
    for (const error of loaded.errors) console.error(formatPlanError(error));
    return 1;
  }
  const controller = new AbortController();
  const stop = (): void => {
    console.error('launchwatch: stopping after the current batch');
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.error(`launchwatch: copying ${resolve(options.data)} to PostgreSQL ${shownUrl(options.state)} and ClickHouse ${shownUrl(options.events)}`);
  try {
    const result = await migrateEmbedded({
      dataDir: resolve(options.data),
      stateUrl: options.state,
      eventsUrl: options.events,
      events: loaded.plan.events,
      signal: controller.signal,
      progress: (line) => console.error(line),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    });
    return report(result);
  } catch (error: unknown) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    console.error(`launchwatch: ${withoutSecrets(message, urls)}`);
    return error instanceof LaunchwatchError ? error.exitCode : 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/**
 * launchwatch/sdk: telemetry for Node CLIs and services, private by default.
 * Off until the user opts in; off under DO_NOT_TRACK and in CI or any
 * non-interactive run. Anonymous ids only. Events go to a local queue file
 * and are sent in the background with retry and backoff; nothing here throws
 * into the host program. Node built-ins only.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportText, checksum } from './export-file.js';
import { anonymousId, eventId, installId, osMachineId, sessionId } from './identity.js';
import { FileQueue } from './queue.js';
import { backoffMs, sendBatch } from './send.js';

export { readImportFile, exportText, checksum, EXPORT_FORMAT, type ExportHeader, type ReadResult } from './export-file.js';

/** The opt-in prompt to show on first run (seed 000's wording); `{app}` is the program's name. */
export const OPT_IN_PROMPT = `Would you like to help improve {app} by sending anonymous usage data?
- Command success/failure (no command content)
- Performance metrics (latency)
- Error categories (no error details)

Your queries and generated commands are NEVER collected.
You can see what is queued at any time, export it, clear it, or turn telemetry off.

Enable telemetry? [y/N] `;

export type Consent = 'opt_in' | 'opt_out' | 'unknown';
export type Scalar = string | number | boolean;

export interface TelemetryOptions {
  /** The launchwatch server, e.g. https://telemetry.example.com */
  readonly endpoint: string;
  /** An ingest key of the plan. */
  readonly key: string;
  /** The program's name and version (recorded in exports). */
  readonly app: string;
  readonly version: string;
  /** Where the queue, the consent and the install id live, e.g. ~/.config/<app>/telemetry */
  readonly dir: string;
  /** Default process.env: DO_NOT_TRACK and CI variables are read from it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default: stdin and stdout are terminals. A non-interactive run never asks and never sends. */
  readonly interactive?: boolean;
  /** Mixed into the anonymous id's hash. */
  readonly salt?: string;
  /** Events per request (default 100). */
  readonly batchSize?: number;
  /** Background send interval (default 30 s); 0 disables background sending (flush() only). */
  readonly flushIntervalMs?: number;
  /** The queue's size limit in bytes (default 5 MB); events beyond it are dropped and counted. */
  readonly maxQueueBytes?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /** Default: the OS machine id, else a random install id kept in `dir`. */
  readonly machineId?: () => string | undefined;
  /** Called after each batch the server answered (tests, progress). */
  readonly onBatch?: (result: { readonly sent: number; readonly duplicates: number; readonly rejected: number }) => void;
}

export interface FlushResult {
  /** Events the server acknowledged in this flush (stored, duplicates, or rejected for good). */
  readonly sent: number;
  /** Events still queued. */
  readonly pending: number;
  /** Why sending stopped early, if it did. */
  readonly stopped?: string;
}

const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'RUN_ID', 'GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'CIRCLECI', 'TF_BUILD', 'JENKINS_URL'];

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Why telemetry is off whatever the consent says: DO_NOT_TRACK, CI, or a non-interactive run. */
export function environmentOff(env: Readonly<Record<string, string | undefined>>, interactive: boolean): string | undefined {
  if (truthy(env.DO_NOT_TRACK)) return 'DO_NOT_TRACK is set';
  const ci = CI_VARIABLES.find((name) => truthy(env[name]));
  if (ci) return `running in CI (${ci})`;
  if (!interactive) return 'not an interactive terminal';
  return undefined;
}

export class Telemetry {
  private readonly queue: FileQueue;
  private readonly consentFile: string;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly interactive: boolean;
  private readonly session = sessionId();
  private readonly fetcher: typeof fetch;
  private readonly now: () => number;
  private user: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Flushes run one after another; `busy` counts those asked for and not finished. */
  private chain: Promise<unknown> = Promise.resolve();
  private busy = 0;
  private attempts = 0;
  private notBefore = 0;
  /** Events not queued because the queue was full, and lines the server refused for good. */
  dropped = 0;

  constructor(private readonly options: TelemetryOptions) {
    this.queue = new FileQueue(options.dir, options.maxQueueBytes ?? 5 * 1024 * 1024);
    this.consentFile = join(options.dir, 'consent.json');
    this.env = options.env ?? process.env;
    this.interactive = options.interactive ?? Boolean(process.stdin.isTTY && process.stdout.isTTY);
    this.fetcher = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
    const every = options.flushIntervalMs ?? 30_000;
    if (every > 0 && this.environmentOff() === undefined) {
      this.timer = setInterval(() => void this.backgroundFlush(), every);
      this.timer.unref();
    }
  }

  /** Why telemetry is off regardless of consent, or undefined. */
  environmentOff(): string | undefined {
    return environmentOff(this.env, this.interactive);
  }

  consent(): Consent {
    try {
      const stored = JSON.parse(readFileSync(this.consentFile, 'utf8')) as { choice?: unknown };
      return stored.choice === 'opt_in' || stored.choice === 'opt_out' ? stored.choice : 'unknown';
    } catch {
      return 'unknown';
    }
  }

  /** Whether events are recorded now: the user opted in and nothing in the environment says no. */
  get enabled(): boolean {
    return this.environmentOff() === undefined && this.consent() === 'opt_in';
  }

  /** Whether to show OPT_IN_PROMPT: never asked, and an interactive run outside CI without DO_NOT_TRACK. */
  shouldAsk(): boolean {
    return this.environmentOff() === undefined && this.consent() === 'unknown';
  }

  /** The prompt with the program's name. */
  prompt(): string {
    return OPT_IN_PROMPT.replaceAll('{app}', this.options.app);
  }

  /** Records the answer; the answer itself is queued as a telemetry_consent event without any identifier. */
  grant(): void {
    this.safely(() => this.answer('opt_in'));
  }

  deny(): void {
    this.safely(() => this.answer('opt_out'));
  }

  /** Queues one event. Never throws; does nothing unless enabled. */
  track(type: string, properties: Readonly<Record<string, Scalar>> = {}): void {
    this.safely(() => {
      if (!this.enabled) return;
      const line = JSON.stringify({ id: eventId(), type, timestamp: new Date(this.now()).toISOString(), user_id: this.userId(), session_id: this.session, properties });
      if (!this.queue.append(line)) this.dropped++;
    });
  }

  /**
   * Sends what is queued, for at most `timeoutMs` (default 2 s): a short-lived
   * CLI awaits it before exit. Never throws and never waits past the deadline;
   * what is not sent stays queued for the next run.
   */
  flush(options: { timeoutMs?: number } = {}): Promise<FlushResult> {
    const deadline = this.now() + (options.timeoutMs ?? 2000);
    this.busy++;
    const result = this.chain
      .then(() => this.sendAll(deadline))
      .catch((error: unknown): FlushResult => ({ sent: 0, pending: this.pendingCount(), stopped: error instanceof Error ? error.message : 'failed' }))
      .finally(() => this.busy--);
    this.chain = result;
    return result;
  }

  /** What is queued, readable: one line per event. */
  show(): string {
    try {
      const lines = this.queue.all();
      const header = `${lines.length} event(s) queued for ${this.options.endpoint} (telemetry ${this.enabled ? 'on' : `off: ${this.environmentOff() ?? `consent ${this.consent()}`}`})`;
      const body = lines.map((line) => {
        const e = JSON.parse(line) as { timestamp?: string; type?: string; properties?: unknown };
        return `  ${e.timestamp ?? '?'}  ${e.type ?? '?'}  ${JSON.stringify(e.properties ?? {})}`;
      });
      return [header, ...body].join('\n') + '\n';
    } catch {
      return 'the telemetry queue cannot be read\n';
    }
  }

  /** Writes every queued event to `file`, readable, with a checksum; returns the count and checksum (undefined on failure). */
  export(file: string): { readonly events: number; readonly sha256: string } | undefined {
    try {
      const lines = this.queue.all();
      writeFileSync(file, exportText({ app: this.options.app, app_version: this.options.version, created_at: new Date(this.now()).toISOString() }, lines), { mode: 0o600 });
      return { events: lines.length, sha256: checksum(lines) };
    } catch {
      return undefined;
    }
  }

  /** Deletes every queued event. */
  clear(): void {
    this.safely(() => this.queue.clear());
  }

  /** Turns telemetry off for good (consent opt_out, sent as nothing) and deletes the queue. */
  disable(): void {
    this.safely(() => {
      this.close();
      this.queue.clear();
      writeFileSync(this.consentFile, JSON.stringify({ choice: 'opt_out', at: new Date(this.now()).toISOString() }), { mode: 0o600 });
    });
  }

  /** Stops background sending (it never keeps the process alive anyway). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private answer(choice: 'opt_in' | 'opt_out'): void {
    writeFileSync(this.consentFile, JSON.stringify({ choice, at: new Date(this.now()).toISOString() }), { mode: 0o600 });
    if (choice === 'opt_out') this.queue.clear();
    if (this.environmentOff() !== undefined) return;
    // No user or session id: the opt-out rate needs the answer, not who gave it. `enabled` serves plans that declare it so.
    const line = JSON.stringify({ id: eventId(), type: 'telemetry_consent', timestamp: new Date(this.now()).toISOString(), properties: { choice, enabled: choice === 'opt_in' } });
    if (!this.queue.append(line)) this.dropped++;
  }

  private userId(): string {
    this.user ??= anonymousId(this.options.app, this.options.salt ?? '', (this.options.machineId ?? osMachineId)() ?? installId(this.options.dir));
    return this.user;
  }

  private pendingCount(): number {
    return this.queue.all().length;
  }

  private async backgroundFlush(): Promise<void> {
    if (this.busy > 0 || this.now() < this.notBefore) return;
    await this.flush({ timeoutMs: 10_000 });
  }

  private async sendAll(deadline: number): Promise<FlushResult> {
    if (this.environmentOff() !== undefined) return { sent: 0, pending: this.pendingCount(), stopped: this.environmentOff() };
    this.queue.claim(this.options.batchSize ?? 100);
    let sent = 0;
    for (const batch of this.queue.batches()) {
      const now = this.now();
      if (now < this.notBefore) {
        if (this.notBefore > deadline) return { sent, pending: this.pendingCount(), stopped: 'backing off' };
        await new Promise((resolve) => setTimeout(resolve, this.notBefore - now));
      }
      const remaining = deadline - this.now();
      if (remaining <= 0) return { sent, pending: this.pendingCount(), stopped: 'timeout' };
      const outcome = await sendBatch(this.fetcher, this.options.endpoint, this.options.key, batch.lines, AbortSignal.timeout(remaining), this.now());
      if (outcome.kind === 'retry') {
        this.attempts++;
        this.notBefore = this.now() + backoffMs(this.attempts, outcome.retryAfterMs);
        return { sent, pending: this.pendingCount(), stopped: outcome.reason };
      }
      this.attempts = 0;
      this.notBefore = 0;
      this.queue.done(batch);
      if (outcome.kind === 'drop') {
        this.dropped += batch.lines.length;
        continue;
      }
      sent += batch.lines.length;
      this.dropped += outcome.rejected;
      this.options.onBatch?.({ sent: outcome.accepted, duplicates: outcome.duplicates, rejected: outcome.rejected });
    }
    return { sent, pending: this.pendingCount() };
  }

  private safely(work: () => void): void {
    try {
      work();
    } catch {
      // Telemetry must never break the program it observes.
    }
  }
}

export function createTelemetry(options: TelemetryOptions): Telemetry {
  return new Telemetry(options);
}

/** Deletes the SDK's directory entirely (queue, consent, install id). */
export function forgetTelemetry(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

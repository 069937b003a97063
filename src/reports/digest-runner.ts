/**
 * The digest scheduler: checks the plan's digests at start (so a run missed
 * while the server was down is sent when it comes back), then again at the
 * next slot (at least every hour, in case the clock jumped). A due digest's
 * report is built, and the run is recorded with its notifications in one
 * transaction: the outbox worker delivers them, and a slot is never sent
 * twice. Runs never overlap. After a plan reload, replan() checks at once, so
 * the next wake-up follows the new schedules. Decisions are digest.ts's.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DigestSpec } from '../plan/report-types.js';
import type { Plan } from '../plan/types.js';
import type { DigestStore } from '../store/digests.js';
import { digestDecision, digestNotifications, digestPeriod } from './digest.js';
import type { ReportStores } from './gather.js';
import { buildReport } from './service.js';

export interface DigestRunnerOptions {
  readonly plan: () => Plan;
  readonly stores: ReportStores & { readonly digests: DigestStore };
  readonly now: () => number;
  /** Base URL of this server as people reach it, for the link to the report. */
  readonly externalUrl: () => string;
  readonly logger: Logger;
  /** Told after notifications were written to the outbox. */
  readonly onNotifications: () => void;
  readonly newId?: () => string;
}

/** The longest the runner sleeps between checks. */
const MAX_SLEEP_MS = 3_600_000;

export class DigestRunner {
  private running: Promise<number> = Promise.resolve(0);
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;
  /** When the next slot of any digest falls, as of the last check. */
  private nextAt = Number.POSITIVE_INFINITY;

  constructor(private readonly options: DigestRunnerOptions) {}

  /** Sends every digest that is due now; resolves with the notifications written. Calls are queued, never concurrent. */
  runDue(): Promise<number> {
    const next = this.running.then(
      () => this.check(),
      () => this.check(),
    );
    this.running = next.catch(() => 0);
    return next;
  }

  /** Checks now, then at each next slot until stopped. */
  start(): void {
    this.started = true;
    this.loop();
  }

  /** The plan changed (a reload): checks now, and sleeps until the next slot of the digests it has. */
  replan(): void {
    if (!this.started || this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.loop();
  }

  private loop(): void {
    if (this.stopped) return;
    this.runDue()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'digest run failed'))
      .finally(() => {
        if (this.stopped) return;
        // A replan during the run started a loop of its own: one timer is kept, the last one set.
        clearTimeout(this.timer);
        const wait = Math.max(1000, Math.min(MAX_SLEEP_MS, this.nextAt - this.options.now()));
        this.timer = setTimeout(() => this.loop(), wait);
        this.timer.unref();
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async check(): Promise<number> {
    const plan = this.options.plan();
    let written = 0;
    let nextAt = Number.POSITIVE_INFINITY;
    for (const spec of plan.reports.digests) {
      const result = await this.checkOne(plan, spec);
      written += result.written;
      if (result.next !== null) nextAt = Math.min(nextAt, result.next);
    }
    this.nextAt = nextAt;
    if (written > 0) this.options.onNotifications();
    return written;
  }

  private async checkOne(plan: Plan, spec: DigestSpec): Promise<{ written: number; next: number | null }> {
    const { stores, logger } = this.options;
    const now = this.options.now();
    const decision = digestDecision(spec, await stores.digests.lastDigestRun(spec.kind), now);
    if (decision.kind === 'wait') return { written: 0, next: decision.next };
    if (decision.kind === 'initialise') {
      await stores.digests.recordDigestRun({ digest: spec.kind, slot: now, kind: 'initialised', period: null, recordedAt: now, notifications: 0 }, []);
      logger.info({ digest: spec.kind }, 'digest schedule started: the first report goes out at the next slot');
      return { written: 0, next: now };
    }
    const period = digestPeriod(spec, decision.slot, plan.reports.timezone);
    const report = await buildReport(spec.kind, plan, stores, period, now, (metric, error) => logger.error({ err: error, metric: metric.id }, 'digest: metric could not be measured'));
    const notifications = digestNotifications(spec, report, now, { externalUrl: this.options.externalUrl(), newId: this.options.newId ?? randomUUID });
    const outcome = await stores.digests.recordDigestRun(
      { digest: spec.kind, slot: decision.slot, kind: 'sent', period: period.label, recordedAt: now, notifications: notifications.length },
      notifications,
    );
    logger.info({ digest: spec.kind, period: period.label, slot: new Date(decision.slot).toISOString(), outcome, channels: spec.channels }, 'digest');
    return { written: outcome === 'recorded' ? notifications.length : 0, next: now };
  }
}

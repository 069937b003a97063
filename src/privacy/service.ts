/**
 * The privacy controls of a running server: the ingest kill switch (the
 * plan's `privacy.ingest: paused` wins over the stored switch), erasure and
 * access requests for one user, the retention job, and the audit log of all
 * of them. The switch is held in memory for the ingest route and persisted in
 * the PrivacyStore, so a pause survives a restart.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { LaunchwatchError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import type { AuditEntry, IngestSwitch, PrivacyStore, RowCounts, StoredEvent } from '../store/privacy.js';
import { hashUserId } from './user-id.js';

export interface IngestState {
  readonly paused: boolean;
  /** plan: privacy.ingest in the plan; switch: launchwatch privacy pause|resume; default: never touched. */
  readonly source: 'plan' | 'switch' | 'default';
  readonly reason?: string;
  readonly by?: string;
  readonly at?: number;
}

export interface RetentionRun {
  readonly events: RowCounts;
  readonly samples: number;
  /** Alert transitions, finished notifications and ended silences deleted (privacy.retention.alerts). */
  readonly alerts: RowCounts;
}

const HOUR = 3_600_000;

/** How an audit entry names a user: a hash of the id, so the log itself holds no identifier. */
export function auditSubject(userId: string): string {
  return `sha256:${createHash('sha256').update(userId).digest('hex').slice(0, 32)}`;
}

export class PrivacyService {
  private stored: IngestSwitch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  private constructor(
    private readonly store: PrivacyStore,
    private readonly plan: () => Plan,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  static async open(options: { store: PrivacyStore; plan: () => Plan; now: () => number; logger: Logger }): Promise<PrivacyService> {
    const service = new PrivacyService(options.store, options.plan, options.now, options.logger);
    service.stored = await options.store.ingestSwitch();
    const state = service.ingest();
    if (state.paused) options.logger.warn({ source: state.source, reason: state.reason }, 'ingest is paused: telemetry is refused until it is resumed');
    return service;
  }

  /** Reads the switch again from the store: a replica that does not lead follows a pause made through the leader. */
  async refresh(): Promise<void> {
    this.stored = await this.store.ingestSwitch();
  }

  ingest(): IngestState {
    const planned = this.plan().privacy.ingest;
    if (planned.paused) return { paused: true, source: 'plan', reason: planned.reason ?? 'the plan pauses ingest (privacy.ingest: paused)' };
    const s = this.stored;
    if (!s) return { paused: false, source: 'default' };
    return { paused: s.paused, source: 'switch', by: s.by, at: s.at, ...(s.reason ? { reason: s.reason } : {}) };
  }

  /** For the ingest route, on every request: why ingest is refused, or undefined. Synchronous, from memory. */
  pausedBecause(): string | undefined {
    const state = this.ingest();
    if (!state.paused) return undefined;
    return `ingest is paused${state.reason ? `: ${state.reason}` : ''}. Telemetry is not accepted until an operator resumes it; keep events and retry later`;
  }

  async pause(reason: string | undefined, by: string): Promise<IngestState> {
    const at = this.now();
    const next: IngestSwitch = { paused: true, by, at, ...(reason ? { reason } : {}) };
    await this.store.setIngestSwitch(next, { at, action: 'pause', actor: by, details: reason ? { reason } : {} });
    this.stored = next;
    this.logger.warn({ by, reason }, 'ingest paused');
    return this.ingest();
  }

  async resume(by: string): Promise<IngestState> {
    if (this.plan().privacy.ingest.paused) {
      throw new LaunchwatchError('conflict', 'the plan pauses ingest (privacy.ingest: paused); set it to open in the plan and restart to resume');
    }
    const at = this.now();
    const next: IngestSwitch = { paused: false, by, at };
    await this.store.setIngestSwitch(next, { at, action: 'resume', actor: by, details: {} });
    this.stored = next;
    this.logger.warn({ by }, 'ingest resumed');
    return this.ingest();
  }

  /** The ids a user may be stored under: as sent, and hashed when the plan hashes user ids. */
  private idsOf(userId: string): string[] {
    const salt = this.plan().privacy.salt;
    return salt === undefined ? [userId] : [userId, hashUserId(userId, salt)];
  }

  async exportUser(userId: string, by: string): Promise<{ subject: string; events: StoredEvent[] }> {
    const events = await this.store.userEvents(this.idsOf(userId));
    const subject = auditSubject(userId);
    const byType: Record<string, number> = {};
    for (const e of events) byType[e.type] = (byType[e.type] ?? 0) + 1;
    await this.store.appendAudit({ at: this.now(), action: 'export_user', actor: by, subject, details: { exported: byType } });
    this.logger.info({ subject, events: events.length }, 'user data exported');
    return { subject, events };
  }

  async purgeUser(userId: string, by: string): Promise<{ subject: string; deleted: RowCounts }> {
    const subject = auditSubject(userId);
    const at = this.now();
    const deleted = await this.store.purgeUser(this.idsOf(userId), (counts) => ({ at, action: 'purge_user', actor: by, subject, details: { deleted: counts } }));
    this.logger.info({ subject, deleted }, 'user data purged');
    return { subject, deleted };
  }

  /** Records what another part did to personal data (e.g. the status page's subscribers exported or erased). */
  appendAudit(entry: AuditEntry): Promise<void> {
    return this.store.appendAudit(entry);
  }

  audit(limit: number): Promise<AuditEntry[]> {
    return this.store.audit(limit);
  }

  /** Deletes what is past its retention, per data class; logs and audits each class with its rows deleted. */
  async runRetention(): Promise<RetentionRun> {
    const { eventsMs, samplesMs, alertsMs } = this.plan().privacy.retention;
    const at = this.now();
    let events: RowCounts = {};
    let samples = 0;
    let alerts: RowCounts = {};
    if (eventsMs !== null) {
      const before = at - eventsMs;
      events = await this.store.expireEvents(before, (deleted) => ({ at, action: 'retention', actor: 'retention job', details: { class: 'events', before: new Date(before).toISOString(), deleted } }));
      this.logger.info({ class: 'events', before: new Date(before).toISOString(), deleted: Object.values(events).reduce((a, b) => a + b, 0), byType: events }, 'retention run');
    }
    if (samplesMs !== null) {
      const before = at - samplesMs;
      samples = await this.store.expireSamples(before, (deleted) => ({ at, action: 'retention', actor: 'retention job', details: { class: 'samples', before: new Date(before).toISOString(), deleted } }));
      this.logger.info({ class: 'samples', before: new Date(before).toISOString(), deleted: samples }, 'retention run');
    }
    if (alertsMs !== null) {
      const before = at - alertsMs;
      alerts = await this.store.expireAlerting(before, (deleted) => ({ at, action: 'retention', actor: 'retention job', details: { class: 'alerts', before: new Date(before).toISOString(), deleted } }));
      this.logger.info({ class: 'alerts', before: new Date(before).toISOString(), deleted: Object.values(alerts).reduce((a, b) => a + b, 0), byKind: alerts }, 'retention run');
    }
    return { events, samples, alerts };
  }

  /** Runs the retention job now and then every hour (a small slice each time rather than one large purge). */
  startRetention(everyMs = HOUR): void {
    const { eventsMs, samplesMs, alertsMs } = this.plan().privacy.retention;
    if (eventsMs === null && samplesMs === null && alertsMs === null) return;
    const tick = (): void => {
      this.running = this.runRetention()
        .catch((error: unknown) => this.logger.error({ err: error }, 'retention run failed'))
        .finally(() => {
          this.running = undefined;
          if (this.timer !== undefined) this.timer = setTimeout(tick, everyMs).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

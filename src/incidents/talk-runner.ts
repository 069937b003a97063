/**
 * The leader's duty of incidents talking: announcements of incident events to
 * the plan's channels (`incidents.announce`), stakeholder updates on their
 * cadence (`incidents.stakeholders`), and every public update to the status
 * page's subscribers. Each is written to the talk log with its notifications
 * in one transaction (src/store/talk.ts), under a key that names what it is
 * about, so it is sent once: a pass after a crash or a restart finds what the
 * log lacks and writes only that. It looks at open incidents and those
 * resolved in the last day, at each pass (every `pollMs`, at the next
 * stakeholder slot, or when woken). Decisions are talk.ts's.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { NotificationRequest } from '../alerting/types.js';
import type { Plan } from '../plan/types.js';
import type { IncidentStore } from '../store/ports.js';
import type { Subscriber, TalkKind, TalkStore } from '../store/talk.js';
import { subscriberNotifications } from '../status/subscriber-updates.js';
import { announcementEvents, publicEntries, stakeholderDecision } from './talk.js';
import { announcementContent, stakeholderContent, type TalkContext } from './talk-messages.js';
import type { Incident, TimelineEntry } from './types.js';

export interface TalkRunnerOptions {
  readonly plan: () => Plan;
  readonly incidents: Pick<IncidentStore, 'incidents' | 'timeline'>;
  readonly talk: TalkStore;
  readonly now: () => number;
  /** Base URL of this server as people reach it, for links. */
  readonly externalUrl: () => string;
  readonly logger: Logger;
  /** Told after notifications were written to the outbox. */
  readonly onNotifications: () => void;
  readonly newId?: () => string;
  /** How often a pass looks for new incident events when not woken. Default 2 s. */
  readonly pollMs?: number;
}

const DAY = 86_400_000;
const DEFAULT_POLL_MS = 2_000;

type Feature = 'announce' | 'subscribers';

export class IncidentTalkRunner {
  private running: Promise<number> = Promise.resolve(0);
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private nextAt = Number.POSITIVE_INFINITY;

  constructor(private readonly options: TalkRunnerOptions) {}

  /** Writes everything owed now; resolves with the notifications written. Calls are queued, never concurrent. */
  runDue(): Promise<number> {
    const next = this.running.then(
      () => this.pass(),
      () => this.pass(),
    );
    this.running = next.catch(() => 0);
    return next;
  }

  start(): void {
    this.loop();
  }

  /** Something changed (an incident was written): a pass now. */
  wake(): void {
    if (this.timer === undefined || this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private loop(): void {
    if (this.stopped) return;
    this.runDue()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'incident talk pass failed'))
      .finally(() => {
        if (this.stopped) return;
        clearTimeout(this.timer);
        const poll = this.options.pollMs ?? DEFAULT_POLL_MS;
        this.timer = setTimeout(() => this.loop(), Math.max(10, Math.min(poll, this.nextAt - this.options.now())));
        this.timer.unref();
      });
  }

  private async pass(): Promise<number> {
    const plan = this.options.plan();
    const now = this.options.now();
    const { announce, stakeholders } = plan.incidentTalk;
    const subscribers = plan.statusPage.subscribers;
    this.nextAt = Number.POSITIVE_INFINITY;
    if (!announce && !stakeholders && !subscribers) return 0;
    const since = {
      announce: announce ? await this.startedAt('announce', now) : null,
      subscribers: subscribers ? await this.startedAt('subscribers', now) : null,
    };
    const { incidents, talk } = this.options;
    const open = await incidents.incidents({ status: 'open' });
    const resolved = (await incidents.incidents({ status: 'resolved', from: now - 30 * DAY })).filter((i) => (i.resolvedAt ?? 0) >= now - DAY);
    // Subscriptions never confirmed are forgotten once their link expires (personal data kept no longer than needed).
    if (subscribers) await talk.expireUnconfirmed(now - subscribers.confirmWithinMs);
    const confirmed = subscribers ? await talk.subscribers({ confirmed: true }) : [];
    const context: TalkContext = { baseUrl: this.options.externalUrl().replace(/\/+$/, ''), product: plan.product.name, people: plan.people, now };
    let written = 0;
    for (const incident of [...open, ...resolved]) {
      const timeline = await incidents.timeline(incident.id);
      const done = new Set((await talk.talkRecords(incident.id)).map((r) => r.key));
      if (since.announce !== null) written += await this.announce(plan, incident, timeline, since.announce, done, context);
      if (since.subscribers !== null) written += await this.toSubscribers(plan, incident, timeline, since.subscribers, done, confirmed, context);
      if (stakeholders) written += await this.stakeholders(plan, incident, timeline, context);
    }
    if (written > 0) this.options.onNotifications();
    return written;
  }

  /** When a feature first ran: events before it are not told (turning announcements on does not replay the past). */
  private async startedAt(feature: Feature, now: number): Promise<number> {
    const key = `talk:started:${feature}`;
    const found = await this.options.talk.talkRecord(key);
    if (found) return found.at;
    await this.options.talk.recordTalk({ key, kind: 'started', incidentId: '', at: now, recordedAt: now, notifications: 0 }, []);
    return (await this.options.talk.talkRecord(key))?.at ?? now;
  }

  private async record(kind: TalkKind, key: string, incident: Incident, at: number, notifications: NotificationRequest[]): Promise<number> {
    const now = this.options.now();
    const outcome = await this.options.talk.recordTalk({ key, kind, incidentId: incident.id, at, recordedAt: now, notifications: notifications.length }, notifications);
    this.options.logger.info({ incident: incident.id, key, kind, notifications: notifications.length, outcome }, 'incident talk');
    return outcome === 'recorded' ? notifications.length : 0;
  }

  /**
   * One notification of an incident's group. `createdAt` is when it was owed (the event's moment), so that the
   * worker delivers the events of one pass in their order.
   */
  private notification(channel: string, groupKey: string, incident: Incident, event: string, digest: NotificationRequest['digest'], createdAt: number): NotificationRequest {
    const status = incident.status === 'resolved' ? 'resolved' : 'firing';
    return { id: (this.options.newId ?? randomUUID)(), channel, kind: 'digest', groupKey, groupLabels: { incident: incident.id, event }, status, alerts: [], createdAt, ...(digest ? { digest } : {}) };
  }

  private async announce(plan: Plan, incident: Incident, timeline: readonly TimelineEntry[], since: number, done: ReadonlySet<string>, context: TalkContext): Promise<number> {
    const spec = plan.incidentTalk.announce;
    if (!spec) return 0;
    let written = 0;
    for (const event of announcementEvents(incident.id, timeline, since)) {
      if (done.has(event.key) || !spec.on.includes(event.event)) continue;
      const digest = announcementContent(incident, event.event, event.entries, context);
      const notifications = spec.channels.map((channel) => this.notification(channel, `incident:${incident.id}:announce`, incident, event.event, digest, Math.min(event.at, context.now)));
      written += await this.record('announcement', event.key, incident, event.at, notifications);
    }
    return written;
  }

  private async stakeholders(plan: Plan, incident: Incident, timeline: readonly TimelineEntry[], context: TalkContext): Promise<number> {
    const spec = plan.incidentTalk.stakeholders;
    if (!spec) return 0;
    const last = (await this.options.talk.talkRecords(incident.id, 'stakeholder_update'))[0]?.at ?? null;
    const decision = stakeholderDecision(incident, spec, last, context.now);
    if (decision.kind === 'none') return 0;
    this.nextAt = Math.min(this.nextAt, decision.nextAt);
    if (decision.kind === 'wait') return 0;
    // The last words written for the public (a status change alone says less).
    const lastPublic = [...timeline].reverse().find((e) => e.public && e.kind === 'public_update');
    const digest = stakeholderContent(incident, lastPublic, context);
    const notifications = spec.channels.map((channel) => this.notification(channel, `incident:${incident.id}:stakeholders`, incident, 'stakeholder_update', digest, context.now));
    return this.record('stakeholder_update', `stakeholders:${incident.id}:${decision.slot}`, incident, decision.slot, notifications);
  }

  private async toSubscribers(
    plan: Plan,
    incident: Incident,
    timeline: readonly TimelineEntry[],
    since: number,
    done: ReadonlySet<string>,
    subscribers: readonly Subscriber[],
    context: TalkContext,
  ): Promise<number> {
    let written = 0;
    for (const { entry, key } of publicEntries(incident.id, timeline, since)) {
      if (done.has(key)) continue;
      const owed = subscriberNotifications(plan, incident, timeline, entry, subscribers, { baseUrl: context.baseUrl, now: Math.min(entry.at, context.now), newId: this.options.newId ?? randomUUID });
      if (owed === null) continue;
      written += await this.record('subscriber_update', key, incident, entry.at, owed);
    }
    return written;
  }
}

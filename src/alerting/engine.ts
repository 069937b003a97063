/**
 * The alerting shell: on each tick, gather what the rules observe (the
 * metrics, change() and absent() queries), step every alert (rules.ts, with
 * observe.ts and state.ts), dispatch what is owed (dispatch.ts), forget what
 * is done (retention.ts), and commit the new state with its notifications in
 * one transaction; then incident automation. Posted alerts: external.ts. Ticks run on the
 * evaluation interval and soon after events that rules read arrive; they
 * never overlap. State lives in memory and in the StateStore, which is the
 * truth after a restart.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { evaluateMetric, type MetricResult } from '../metrics/evaluate.js';
import type { MetricsService } from '../metrics/service.js';
import type { MetricSpec, Plan } from '../plan/types.js';
import { afterAlertingCommit, alertAcknowledged, type AutomationContext, type AutomationResult } from '../incidents/automation.js';
import { Mutex } from '../store/duckdb/database.js';
import type { EventStore, StateStore } from '../store/types.js';
import { acknowledgements, dispatch } from './dispatch.js';
import { receivePosted, type PostedAlert } from './external.js';
import { inhibitedBy, silencedBy } from './match.js';
import { absentKey, changeKey, type ObservationInput } from './observe.js';
import { commitTickAt } from './spacing.js';
import { prune } from './retention.js';
import { stepRules } from './rules.js';
import { acknowledge } from './state.js';
import type { AggregationGroup, AlertInstance, DispatchAlert, NotificationRequest, Silence } from './types.js';

export interface AlertEngineOptions {
  readonly plan: () => Plan;
  readonly events: EventStore;
  readonly state: StateStore;
  readonly metrics: MetricsService;
  readonly now: () => number;
  readonly logger: Logger;
  /** Called after notifications were committed to the outbox (wakes the worker). */
  readonly onNotifications: () => void;
  readonly newId?: () => string;
  /** How long after a commit the rules reading its events are evaluated (default 100 ms). */
  readonly debounceMs?: number;
  /**
   * The least time between the starts of two ticks asked for by commits (default 1 s): under a
   * stream of commits the plan is evaluated about once a second, not after every commit, and
   * less often when an evaluation is expensive (spacing.ts).
   */
  readonly minTickSpacingMs?: number;
  /** The baselines regression() conditions compare with (src/baselines/service.ts); without it they see no data. */
  readonly regressionBaselines?: (plan: Plan, now: number) => Promise<ObservationInput['baselines']>;
}

/** An alert with what suppresses it. */
export type AlertView = DispatchAlert;

export class AlertEngine {
  private instances = new Map<string, AlertInstance>();
  private groups: AggregationGroup[] = [];
  private silenceList: Silence[] = [];
  private readonly lock = new Mutex();
  /** Serialises every read-change-write of incidents: the automation's here and the API's (withIncidents). */
  private readonly incidentLock = new Mutex();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private lastTickAt = -Infinity;
  private lastTickCostMs = 0;
  private stopped = false;
  private readonly newId: () => string;

  private constructor(private readonly options: AlertEngineOptions) {
    this.newId = options.newId ?? randomUUID;
  }

  static async open(options: AlertEngineOptions): Promise<AlertEngine> {
    const engine = new AlertEngine(options);
    const loaded = await options.state.loadAlerting();
    engine.instances = new Map(loaded.instances.map((i) => [i.fingerprint, i]));
    engine.groups = loaded.groups;
    engine.silenceList = await options.state.silences();
    return engine;
  }

  /** Event types some rule reads: a commit of one of these asks for a tick soon. */
  watchedEventTypes(): Set<string> {
    const plan = this.options.plan();
    const metrics = new Map(plan.metrics.map((m) => [m.id, m]));
    const types = new Set<string>();
    for (const rule of plan.alerts) {
      for (const { condition } of rule.levels) {
        if (condition.kind === 'absent') types.add(condition.event);
        else {
          const from = metrics.get(condition.metric)?.from;
          if (from) types.add(from);
        }
      }
    }
    return types;
  }

  /** Asks for a tick after the debounce; several requests in a row give one tick. */
  requestTick(): void {
    const now = this.options.now();
    this.tickAt(
      commitTickAt({ now, debounceMs: this.options.debounceMs ?? 100, lastStartedAt: this.lastTickAt, lastCostMs: this.lastTickCostMs, minSpacingMs: this.options.minTickSpacingMs ?? 1000 }),
    );
  }

  /** Schedules a tick at `at` unless one is already due sooner. */
  private tickAt(at: number): void {
    if (this.stopped) return;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick().catch((error: unknown) => this.options.logger.error({ err: error }, 'alert evaluation failed'));
    }, Math.max(0, at - this.options.now()));
    this.timer.unref();
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.lock.run(async () => undefined);
  }

  tick(): Promise<void> {
    return this.lock.run(async () => {
      // On the engine's clock: with a test's fixed clock, ticks cost nothing and keep the fixed spacing.
      const started = this.options.now();
      try {
        await this.evaluate();
      } finally {
        this.lastTickCostMs = Math.max(0, this.options.now() - started);
      }
    });
  }

  private async observationInput(plan: Plan, now: number): Promise<{ input: ObservationInput; evaluatedAt: number }> {
    const evaluation = await this.options.metrics.current();
    const current = new Map(evaluation.metrics.map((m) => [m.id, m]));
    const metrics = new Map(plan.metrics.map((m) => [m.id, m]));
    const earlier = new Map<string, MetricResult>();
    const counts = new Map<string, number>();
    for (const rule of plan.alerts) {
      for (const { condition } of rule.levels) {
        if (condition.kind === 'change') {
          const key = changeKey(condition.metric, condition.periodMs);
          const metric = metrics.get(condition.metric);
          if (metric && !earlier.has(key)) earlier.set(key, await evaluateMetric(this.options.events, metric, now - condition.periodMs));
        } else if (condition.kind === 'absent') {
          const key = absentKey(condition.event, condition.windowMs);
          if (!counts.has(key)) {
            const probe: MetricSpec = { id: `absent:${key}`, title: key, from: condition.event, where: [], measure: { kind: 'count' }, by: [], windowMs: condition.windowMs, targets: [], unit: 'count' };
            const measured = await this.options.events.measure(probe, { from: now - condition.windowMs, to: now });
            counts.set(key, measured.value ?? 0);
          }
        }
      }
    }
    const grouped = new Set(plan.metrics.filter((m) => m.by.length > 0).map((m) => m.id));
    const baselines = await this.options.regressionBaselines?.(plan, now);
    return { input: { current, earlier, counts, grouped, ...(baselines ? { baselines } : {}) }, evaluatedAt: Date.parse(evaluation.evaluated_at) };
  }

  private async evaluate(): Promise<void> {
    if (this.stopped) return;
    this.lastTickAt = this.options.now();
    const plan = this.options.plan();
    const now = this.options.now();
    const { input } = await this.observationInput(plan, now);
    const { next, transitions } = stepRules(plan, this.instances, input, now);

    // A resolution not yet announced is still owed when the alert has since moved on to nodata, error or inactive.
    const owing = (i: AlertInstance): AlertInstance => (i.state !== 'firing' && i.state !== 'resolved' && i.resolvedAt !== null ? { ...i, state: 'resolved' } : i);
    const views = this.viewsOf([...next.values()].map(owing), plan, now);
    const dispatched = dispatch({ groups: this.groups, alerts: views, routing: plan.routing, channels: plan.channels, now, newId: this.newId });
    const removedInstances = prune(next, this.instances, dispatched.groups, now);
    await this.options.state.commitAlerting({
      instances: [...next.values()],
      removedInstances,
      transitions,
      groups: dispatched.groups,
      removedGroups: dispatched.removed,
      notifications: dispatched.notifications,
    });
    this.instances = next;
    this.groups = dispatched.groups;
    for (const t of transitions) {
      if (t.to === 'firing' || t.from === 'firing') this.options.logger.info({ alert: t.rule, fingerprint: t.fingerprint, from: t.from, to: t.to, severity: t.severity, reason: t.reason }, 'alert transition');
    }
    if (dispatched.notifications.length > 0) this.options.onNotifications();
    this.paged(await this.incidents((ctx) => afterAlertingCommit(ctx, transitions, next), plan, now), now);
    // Group timers: a group flushes at its nextFlushAt even when no event or interval asks for a tick.
    // External alerts resolve at their end time, not at the next interval.
    const ends = [...this.instances.values()].filter((i) => i.source === 'external' && i.state === 'firing' && i.endsAt !== null).map((i) => i.endsAt ?? Infinity);
    const nextFlush = Math.min(...this.groups.map((g) => g.nextFlushAt), ...ends);
    if (Number.isFinite(nextFlush)) this.tickAt(Math.max(nextFlush, now + 1));
  }

  /**
   * Pages the escalation steps due now, without evaluating the rules: an incident declared by hand
   * that pages has its first step paged at once, the later ones at their time (a tick is scheduled).
   */
  pageIncidents(): Promise<void> {
    return this.lock.run(async () => {
      if (this.stopped) return;
      const now = this.options.now();
      const plan = this.options.plan();
      this.paged(await this.incidents((ctx) => afterAlertingCommit(ctx, [], this.instances), plan, now), now);
    });
  }

  /** After incident automation: wake the worker for its pages and reminders, and tick when the next falls due. */
  private paged(result: AutomationResult | undefined, now: number): void {
    if (result?.notifications) this.options.onNotifications();
    if (result && result.nextDueAt !== null) this.tickAt(Math.max(result.nextDueAt, now + 1));
  }

  /**
   * Incidents from alerts (src/incidents/automation.ts), after the alerting commit: a failure there is
   * logged and never undoes or blocks alerting.
   */
  private async incidents<T>(run: (ctx: AutomationContext) => Promise<T>, plan: Plan, now: number): Promise<T | undefined> {
    try {
      return await this.incidentLock.run(() => run({ plan, state: this.options.state, now, newId: this.newId }));
    } catch (error: unknown) {
      this.options.logger.error({ err: error }, 'incident automation failed');
      return undefined;
    }
  }

  private viewsOf(instances: readonly AlertInstance[], plan: Plan, now: number): DispatchAlert[] {
    const firing = instances.filter((i) => i.state === 'firing');
    return instances.map((alert) => ({
      alert,
      silencedBy: silencedBy(this.silenceList, alert.labels, now),
      inhibitedBy: inhibitedBy(plan.inhibit, alert, firing),
    }));
  }

  /**
   * Runs a read-change-write of incidents (the incidents API's) while no incident automation runs, and
   * none starts: so neither writes over a change the other made after its read.
   */
  withIncidents<T>(change: () => Promise<T>): Promise<T> {
    return this.incidentLock.run(change);
  }

  /** Every known alert with what suppresses it, most severe and newest first. */
  list(): AlertView[] {
    const plan = this.options.plan();
    const views = this.viewsOf([...this.instances.values()], plan, this.options.now());
    return views.sort(
      (a, b) => (a.alert.severity ?? 'P9').localeCompare(b.alert.severity ?? 'P9') || b.alert.since - a.alert.since || a.alert.fingerprint.localeCompare(b.alert.fingerprint),
    );
  }

  get(fingerprint: string): AlertView | undefined {
    return this.list().find((v) => v.alert.fingerprint === fingerprint);
  }

  /** Acknowledges a firing alert: it stops repeating, and PagerDuty hears `acknowledge`. */
  acknowledge(fingerprint: string, by: string): Promise<{ kind: 'acknowledged' | 'already' | 'not_firing'; alert: AlertInstance } | { kind: 'not_found' }> {
    return this.lock.run(async () => {
      const instance = this.instances.get(fingerprint);
      if (!instance) return { kind: 'not_found' as const };
      if (instance.state !== 'firing') return { kind: 'not_firing' as const, alert: instance };
      if (instance.acknowledgedAt !== null) return { kind: 'already' as const, alert: instance };
      const now = this.options.now();
      const result = acknowledge(instance, by, now);
      const plan = this.options.plan();
      const updated = new Map(this.instances).set(fingerprint, result.next);
      const notifications: NotificationRequest[] = acknowledgements({
        groups: this.groups,
        alerts: this.viewsOf([...updated.values()], plan, now),
        routing: plan.routing,
        channels: plan.channels,
        now,
        newId: this.newId,
        fingerprint,
      });
      await this.options.state.commitAlerting({
        instances: [result.next],
        removedInstances: [],
        transitions: result.transition ? [result.transition] : [],
        groups: [],
        removedGroups: [],
        notifications,
      });
      this.instances = updated;
      if (notifications.length > 0) this.options.onNotifications();
      await this.incidents((ctx) => alertAcknowledged(ctx, fingerprint, by), plan, now);
      return { kind: 'acknowledged' as const, alert: result.next };
    });
  }

  /** The silences, less those that ended before the plan's alerts retention (privacy.retention.alerts), which the retention job deletes. */
  silences(): readonly Silence[] {
    const keptFor = this.options.plan().privacy.retention.alertsMs;
    if (keptFor === null) return this.silenceList;
    const cutoff = this.options.now() - keptFor;
    if (this.silenceList.some((s) => s.endsAt < cutoff)) this.silenceList = this.silenceList.filter((s) => s.endsAt >= cutoff);
    return this.silenceList;
  }

  /** Creates or replaces a silence; it applies from the next tick. */
  putSilence(silence: Silence): Promise<void> {
    return this.lock.run(async () => {
      await this.options.state.putSilence(silence);
      this.silenceList = [...this.silenceList.filter((s) => s.id !== silence.id), silence];
    });
  }

  /** Alerts sent by another system (the Alertmanager API): firing until their end time. */
  receiveExternal(alerts: readonly PostedAlert[]): Promise<void> {
    return this.lock.run(async () => {
      const now = this.options.now();
      const { changed, transitions, updated } = receivePosted(alerts, this.instances, now);
      await this.options.state.commitAlerting({ instances: changed, removedInstances: [], transitions, groups: [], removedGroups: [], notifications: [] });
      this.instances = updated;
      this.requestTick();
    });
  }
}

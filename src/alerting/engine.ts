/**
 * The alerting shell. A tick is a pipeline of named stages: gather what the
 * rules observe (gather.ts, the only stage that reads the stores), decide
 * (tick.ts: step the rules, see what suppresses each alert, dispatch the due
 * groups, forget what is done; pure), apply the outcome to the live state
 * (ledger.ts), commit what changed in one transaction, then incident
 * automation. Rule ticks run on the evaluation interval and soon after events
 * that rules read arrive; dispatch-only ticks, which evaluate no rule, run at
 * group timers, at a posted alert's end and soon after a post that starts or
 * ends an alert. Ticks never overlap.
 *
 * The live state is in memory and read there by the API, so a read never
 * waits behind a tick; posted alerts are applied to it at once (external.ts)
 * and written behind, within a second, as Alertmanager keeps its alerts in
 * memory and relies on its senders re-sending them. The StateStore is the
 * truth after a restart.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { MetricsService } from '../metrics/service.js';
import type { Plan } from '../plan/types.js';
import { afterAlertingCommit, alertAcknowledged, type AutomationContext, type AutomationResult } from '../incidents/automation.js';
import { Mutex } from '../store/duckdb/database.js';
import type { EventStore, StateStore } from '../store/types.js';
import { conditionKind } from './conditions/registry.js';
import { acknowledgements } from './dispatch.js';
import { receivePosted, type PostedAlert } from './external.js';
import { gather, type GatherPorts } from './gather.js';
import { AlertLedger, type Notes } from './ledger.js';
import type { ObservationInput } from './observe.js';
import { commitTickAt } from './spacing.js';
import { acknowledge, fingerprintOf } from './state.js';
import { decideTick, nextTimerAt, type TickOutcome } from './tick.js';
import type { AggregationGroup, AlertInstance, DispatchAlert, NotificationRequest, Silence, Transition } from './types.js';
import { activeSilences, alertViews, Inhibitor, viewOf } from './views.js';

export interface AlertEngineOptions {
  readonly plan: () => Plan;
  readonly events: EventStore;
  readonly state: StateStore;
  readonly metrics: MetricsService;
  readonly now: () => number;
  readonly logger: Logger;
  /** Silences that are not stored but follow from something else (scheduled maintenance, src/status/maintenance.ts). */
  readonly extraSilences?: () => readonly Silence[];
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
  /** Whether each launch phase is on (src/criteria/phases.ts); without it phase() conditions see no data. */
  readonly phases?: GatherPorts['phases'];
  /** The SLOs' figures slo_burn conditions read (src/slo/service.ts); without it they see an error. */
  readonly slos?: (plan: Plan, now: number) => Promise<ObservationInput['slos']>;
  /** How soon after a post that starts or ends an alert its dispatch runs (default 5 ms: posts arriving together share one). */
  readonly dispatchDelayMs?: number;
  /** How soon after a change that owes nothing to anyone (a re-sent alert's new end) it is written (default 1 s). */
  readonly writeBehindMs?: number;
  /**
   * Start as a follower (a replica that does not lead, src/cluster/): no ticks and no writes until
   * lead(); the live state is read from the store at refresh(). Default false: the engine leads.
   */
  readonly following?: boolean;
}

/** An alert with what suppresses it. */
export type AlertView = DispatchAlert;

export class AlertEngine {
  private ledger = new AlertLedger([], []);
  private silenceList: Silence[] = [];
  /** Ticks, one at a time. */
  private readonly lock = new Mutex();
  /** Commits, one at a time and in the order their notes were taken. */
  private readonly commitLock = new Mutex();
  /** Serialises every read-change-write of incidents: the automation's here and the API's (withIncidents). */
  private readonly incidentLock = new Mutex();
  private readonly timers = { rules: new Timer(), dispatch: new Timer(), write: new Timer() };
  private lastTickAt = -Infinity;
  private lastTickCostMs = 0;
  private stopped = false;
  private following: boolean;
  private readonly newId: () => string;

  private constructor(private readonly options: AlertEngineOptions) {
    this.newId = options.newId ?? randomUUID;
    this.following = options.following ?? false;
  }

  static async open(options: AlertEngineOptions): Promise<AlertEngine> {
    const engine = new AlertEngine(options);
    await engine.load();
    return engine;
  }

  /** The live state as last committed to the store. */
  private async load(): Promise<void> {
    const loaded = await this.options.state.loadAlerting();
    this.ledger = new AlertLedger(loaded.instances, loaded.groups);
    this.silenceList = await this.options.state.silences();
  }

  /**
   * Becomes the engine that ticks (this replica now leads): the live state is read again from the
   * store, where the previous leader left it, and the rules are evaluated at once.
   */
  lead(): Promise<void> {
    return this.lock.run(async () => {
      await this.load();
      this.following = false;
      this.requestTick();
    });
  }

  /** Stops ticking and writing (this replica no longer leads); what was not yet written stays with the leader's senders and store. */
  follow(): void {
    this.following = true;
    for (const timer of Object.values(this.timers)) timer.clear();
  }

  /** While following: reads the live state again from the store, for this replica's readers. */
  refresh(): Promise<void> {
    return this.lock.run(async () => {
      if (this.following && !this.stopped) await this.load();
    });
  }

  /** Event types some rule reads: a commit of one of these asks for a tick soon. */
  watchedEventTypes(): Set<string> {
    const plan = this.options.plan();
    const types = new Set<string>();
    for (const rule of plan.alerts) {
      for (const { condition } of rule.levels) for (const type of conditionKind(condition).watches(condition, plan)) types.add(type);
    }
    return types;
  }

  /** Asks for a rule tick after the debounce; several requests in a row give one tick. */
  requestTick(): void {
    const now = this.options.now();
    const at = commitTickAt({ now, debounceMs: this.options.debounceMs ?? 100, lastStartedAt: this.lastTickAt, lastCostMs: this.lastTickCostMs, minSpacingMs: this.options.minTickSpacingMs ?? 1000 });
    this.schedule('rules', at);
  }

  /** Schedules a tick of the kind at `at`, unless one is already due sooner. */
  private schedule(kind: 'rules' | 'dispatch', at: number): void {
    if (this.stopped || this.following) return;
    this.timers[kind].at(at, this.options.now(), () => {
      const run = kind === 'rules' ? this.tick() : this.dispatchTick();
      run.catch((error: unknown) => this.options.logger.error({ err: error }, kind === 'rules' ? 'alert evaluation failed' : 'alert dispatch failed'));
    });
  }

  /** Writes what changed within writeBehindMs, unless a tick writes it first. */
  private writeBehind(): void {
    if (this.stopped || this.following) return;
    const now = this.options.now();
    this.timers.write.at(now + (this.options.writeBehindMs ?? 1000), now, () => {
      this.commit().catch((error: unknown) => this.options.logger.error({ err: error }, 'writing alert state failed'));
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of Object.values(this.timers)) timer.clear();
    await this.lock.run(async () => undefined);
    if (this.following) return;
    // What is only in memory (posted alerts, their new end times) is written before the store closes.
    await this.commit().catch((error: unknown) => this.options.logger.error({ err: error }, 'writing alert state failed'));
  }

  /** A rule tick: every rule evaluated, then dispatch. */
  tick(): Promise<void> {
    return this.lock.run(async () => {
      if (this.stopped || this.following) return;
      // On the engine's clock: with a test's fixed clock, ticks cost nothing and keep the fixed spacing.
      const started = this.options.now();
      this.lastTickAt = started;
      try {
        const plan = this.options.plan();
        const observed = await gather(this.options, plan, started);
        await this.run(plan, observed);
      } finally {
        this.lastTickCostMs = Math.max(0, this.options.now() - started);
      }
    });
  }

  /** A dispatch-only tick: no rule evaluated; posted alerts that ended settle, due groups flush. */
  private dispatchTick(): Promise<void> {
    return this.lock.run(async () => {
      if (this.stopped || this.following) return;
      await this.run(this.options.plan(), undefined);
    });
  }

  /** decide → apply → commit → incident automation, then the timers the new state asks for. */
  private async run(plan: Plan, observed: ObservationInput | undefined): Promise<void> {
    const now = this.options.now();
    const outcome = decideTick({
      plan,
      instances: this.ledger.instances,
      groups: [...this.ledger.groups.values()],
      silences: this.muting(),
      ...(observed ? { observed } : {}),
      now,
      newId: this.newId,
    });
    this.apply(outcome);
    for (const t of outcome.transitions) {
      if (t.to === 'firing' || t.from === 'firing') this.options.logger.info({ alert: t.rule, fingerprint: t.fingerprint, from: t.from, to: t.to, severity: t.severity, reason: t.reason }, 'alert transition');
    }
    const committed = await this.commit();
    if (committed.notifications.length > 0) this.options.onNotifications();
    this.paged(await this.incidents((ctx) => afterAlertingCommit(ctx, committed.transitions, this.ledger.instances), plan, now), now);
    const next = nextTimerAt(this.ledger.groups.values(), this.ledger.instances.values());
    if (!Number.isFinite(next)) return;
    const at = Math.max(next, now + 1);
    this.schedule('dispatch', at);
    // While a rule's alert fires or is pending, its group's timers evaluate the rules too (spaced as
    // commit-triggered ticks are): a window sliding past its events resolves it without waiting a whole
    // evaluation interval, and `for` runs out on time.
    if (this.ruleAlertActive()) {
      const spacing = { now, debounceMs: 0, lastStartedAt: this.lastTickAt, lastCostMs: this.lastTickCostMs, minSpacingMs: this.options.minTickSpacingMs ?? 1000 };
      this.schedule('rules', Math.max(at, commitTickAt(spacing)));
    }
  }

  private ruleAlertActive(): boolean {
    for (const i of this.ledger.instances.values()) if (i.source === 'rule' && (i.state === 'firing' || i.state === 'pending')) return true;
    return false;
  }

  /** A tick's outcome into the live state, noted for the next commit. Synchronous: nothing interleaves. */
  private apply(outcome: TickOutcome): void {
    const ledger = this.ledger;
    for (const instance of outcome.next.values()) ledger.putInstance(instance);
    for (const fingerprint of outcome.removedInstances) ledger.removeInstance(fingerprint);
    for (const group of outcome.groups) ledger.putGroup(group);
    for (const key of outcome.removedGroups) ledger.removeGroup(key);
    ledger.record(outcome.transitions, outcome.notifications);
  }

  /**
   * Writes what changed since the last commit in one transaction. Resolves with what it wrote; a
   * failed write gives its notes back to the ledger, for the next commit, and rejects.
   */
  private commit(): Promise<Notes> {
    return this.commitLock.run(async () => {
      this.timers.write.clear();
      const { notes, change } = this.ledger.take();
      if (change.instances.length + change.removedInstances.length + change.transitions.length + change.groups.length + change.removedGroups.length + change.notifications.length === 0) return notes;
      try {
        await this.options.state.commitAlerting(change);
      } catch (error: unknown) {
        this.ledger.restore(notes);
        throw error;
      }
      return notes;
    });
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
      this.paged(await this.incidents((ctx) => afterAlertingCommit(ctx, [], this.ledger.instances), plan, now), now);
    });
  }

  /** After incident automation: wake the worker for its pages and reminders, and tick when the next falls due. */
  private paged(result: AutomationResult | undefined, now: number): void {
    if (result?.notifications) this.options.onNotifications();
    if (result && result.nextDueAt !== null) this.schedule('dispatch', Math.max(result.nextDueAt, now + 1));
  }

  /**
   * Incidents from alerts (src/incidents/automation.ts), after the alerting commit: a failure there is
   * logged and never undoes or blocks alerting.
   */
  private async incidents<T>(run: (ctx: AutomationContext) => Promise<T>, plan: Plan, now: number): Promise<T | undefined> {
    try {
      return await this.incidentLock.run(() => run({ plan, state: this.options.state, now, newId: this.newId, muted: this.muted(plan, now) }));
    } catch (error: unknown) {
      this.options.logger.error({ err: error }, 'incident automation failed');
      return undefined;
    }
  }

  /** Fingerprints of the firing alerts silenced or inhibited at `now`: they declare no incident and page nobody. */
  private muted(plan: Plan, now: number): Set<string> {
    const muted = new Set<string>();
    const muting = this.muting();
    if (muting.length === 0 && plan.inhibit.length === 0) return muted;
    for (const v of alertViews([...this.ledger.instances.values()], muting, plan.inhibit, now)) {
      if (v.alert.state === 'firing' && (v.silencedBy.length > 0 || v.inhibitedBy.length > 0)) muted.add(v.alert.fingerprint);
    }
    return muted;
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
    const views = alertViews([...this.ledger.instances.values()], this.muting(), this.options.plan().inhibit, this.options.now());
    return views.sort(
      (a, b) => (a.alert.severity ?? 'P9').localeCompare(b.alert.severity ?? 'P9') || b.alert.since - a.alert.since || a.alert.fingerprint.localeCompare(b.alert.fingerprint),
    );
  }

  get(fingerprint: string): AlertView | undefined {
    const alert = this.ledger.instances.get(fingerprint);
    if (!alert) return undefined;
    const now = this.options.now();
    return viewOf(alert, activeSilences(this.muting(), now), new Inhibitor(this.options.plan().inhibit, this.ledger.instances.values()));
  }

  /** The aggregation groups as they are now (their keys, labels, timers and notification logs). */
  groups(): readonly AggregationGroup[] {
    return [...this.ledger.groups.values()];
  }

  /** Acknowledges a firing alert: it stops repeating, and PagerDuty hears `acknowledge`. */
  acknowledge(fingerprint: string, by: string): Promise<{ kind: 'acknowledged' | 'already' | 'not_firing'; alert: AlertInstance } | { kind: 'not_found' }> {
    return this.lock.run(async () => {
      const instance = this.ledger.instances.get(fingerprint);
      if (!instance) return { kind: 'not_found' as const };
      if (instance.state !== 'firing') return { kind: 'not_firing' as const, alert: instance };
      if (instance.acknowledgedAt !== null) return { kind: 'already' as const, alert: instance };
      const now = this.options.now();
      const result = acknowledge(instance, by, now);
      const plan = this.options.plan();
      this.ledger.putInstance(result.next);
      const notifications: NotificationRequest[] = acknowledgements({
        groups: [...this.ledger.groups.values()],
        alerts: alertViews([...this.ledger.instances.values()], this.muting(), plan.inhibit, now),
        routing: plan.routing,
        channels: plan.channels,
        now,
        newId: this.newId,
        fingerprint,
      });
      this.ledger.record(result.transition ? [result.transition] : [], notifications);
      await this.commit();
      if (notifications.length > 0) this.options.onNotifications();
      await this.incidents((ctx) => alertAcknowledged(ctx, fingerprint, by), plan, now);
      return { kind: 'acknowledged' as const, alert: result.next };
    });
  }

  /** The silences that mute alerts: the stored ones and those that follow from elsewhere (scheduled maintenance). */
  private muting(): readonly Silence[] {
    return this.options.extraSilences ? [...this.silenceList, ...this.options.extraSilences()] : this.silenceList;
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

  /**
   * Alerts sent by another system (the Alertmanager API): firing until their end time. Applied to
   * the live state at once, without waiting for a tick; one that starts or ends firing asks for a
   * dispatch soon, and the rest is written behind.
   */
  async receiveExternal(alerts: readonly PostedAlert[]): Promise<void> {
    const now = this.options.now();
    const transitions: Transition[] = [];
    for (const posted of alerts) {
      const fingerprint = posted.fingerprint ?? fingerprintOf(posted.labels);
      const step = receivePosted(posted, this.ledger.instances.get(fingerprint), now, fingerprint);
      if (!step) continue;
      this.ledger.putInstance(step.instance);
      if (step.transition) transitions.push(step.transition);
    }
    if (transitions.length > 0) {
      this.ledger.record(transitions, []);
      this.schedule('dispatch', now + (this.options.dispatchDelayMs ?? 5));
    }
    if (this.ledger.dirty) this.writeBehind();
  }
}

/** One pending timer: asked again for a sooner time it moves; for a later one it stays. */
class Timer {
  private handle: NodeJS.Timeout | undefined;
  private dueAt = Infinity;

  at(at: number, now: number, fire: () => void): void {
    if (this.handle && this.dueAt <= at) return;
    this.clear();
    this.dueAt = at;
    this.handle = setTimeout(() => {
      this.handle = undefined;
      this.dueAt = Infinity;
      fire();
    }, Math.max(0, at - now));
    this.handle.unref();
  }

  clear(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    this.dueAt = Infinity;
  }
}

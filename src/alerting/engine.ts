/**
 * The alerting shell: on each tick, observe every rule (observe.ts), step
 * every instance (state.ts), dispatch what is owed (dispatch.ts), and commit
 * the new state with its notifications in one transaction. Ticks run on the
 * evaluation interval and soon after events that rules read arrive; they
 * never overlap. State lives in memory and in the StateStore, which is the
 * truth after a restart.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { evaluateMetric, type MetricResult } from '../metrics/evaluate.js';
import type { MetricsService } from '../metrics/service.js';
import type { AlertRule } from '../plan/alert-types.js';
import type { MetricSpec, Plan } from '../plan/types.js';
import { afterAlertingCommit, alertAcknowledged, type AutomationContext, type AutomationResult } from '../incidents/automation.js';
import { Mutex } from '../store/duckdb/database.js';
import type { EventStore, StateStore } from '../store/types.js';
import { acknowledgements, dispatch } from './dispatch.js';
import { inhibitedBy, silencedBy } from './match.js';
import { absentKey, changeKey, observeRule, type ObservationInput } from './observe.js';
import { acknowledge, fingerprintOf, newInstance, step } from './state.js';
import { annotate } from './template.js';
import type { AggregationGroup, AlertInstance, DispatchAlert, Labels, NotificationRequest, Silence, Transition } from './types.js';

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
   * stream of commits the plan is evaluated about once a second, not after every commit.
   */
  readonly minTickSpacingMs?: number;
  /** The baselines regression() conditions compare with (src/baselines/service.ts); without it they see no data. */
  readonly regressionBaselines?: (plan: Plan, now: number) => Promise<ObservationInput['baselines']>;
}

/** Resolved instances are kept this long for the API (and until their group no longer needs them). */
const RESOLVED_RETENTION_MS = 3_600_000;

/** An alert with what suppresses it. */
export type AlertView = DispatchAlert;

export class AlertEngine {
  private instances = new Map<string, AlertInstance>();
  private groups: AggregationGroup[] = [];
  private silenceList: Silence[] = [];
  private readonly lock = new Mutex();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private lastTickAt = -Infinity;
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
    this.tickAt(Math.max(now + (this.options.debounceMs ?? 100), this.lastTickAt + (this.options.minTickSpacingMs ?? 1000)));
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
    return this.lock.run(() => this.evaluate());
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
    const units = new Map(plan.metrics.map((m) => [m.id, m.unit]));
    const unitOf = (metric: string): string => units.get(metric) ?? '';
    const next = new Map(this.instances);
    const transitions: Transition[] = [];
    const rules = new Map(plan.alerts.map((r) => [r.name, r]));

    for (const rule of plan.alerts) {
      const failed = this.failedMetric(rule, input);
      if (failed) {
        // The rule's metric could not be evaluated: its alerts take the rule's on_error policy.
        const mine = [...next.values()].filter((i) => i.source === 'rule' && i.rule === rule.name);
        const targets = mine.length > 0 ? mine : [newInstance({ fingerprint: fingerprintOf({ ...rule.labels, alertname: rule.name }), rule, labels: { ...rule.labels, alertname: rule.name }, now })];
        for (const instance of targets) {
          const group = groupOf(instance, rule);
          this.apply(next, transitions, rule, step(instance, { kind: 'error', message: failed }, rule, now), identityOf(instance), group, unitOf);
        }
        continue;
      }
      const seen = new Set<string>();
      const observations = observeRule(rule, input);
      const someGroup = observations.some((o) => Object.keys(o.groupLabels).length > 0);
      for (const { groupLabels, observation } of observations) {
        const identity: Labels = { ...rule.labels, ...groupLabels, alertname: rule.name };
        const fingerprint = fingerprintOf(identity);
        seen.add(fingerprint);
        const previous = next.get(fingerprint) ?? newInstance({ fingerprint, rule, labels: identity, now });
        this.apply(next, transitions, rule, step(previous, observation, rule, now), identity, groupLabels, unitOf);
      }
      // Instances whose group no longer shows up have no data; the group-less "no data"
      // instance of a grouped metric clears once groups have data again.
      for (const instance of next.values()) {
        if (instance.source !== 'rule' || instance.rule !== rule.name || seen.has(instance.fingerprint)) continue;
        const group = groupOf(instance, rule);
        // The group-less placeholder of a grouped metric, or an alert whose labels the plan no longer gives
        // (its rule's labels or its metric's groups changed), has ended: it clears rather than holding on.
        const placeholder = Object.keys(group).length === 0 && someGroup;
        const outdated =
          !sameKeys(identityOf(instance), { ...rule.labels, alertname: rule.name, ...expectedGroup(rule, plan) }) ||
          Object.entries(rule.labels).some(([k, v]) => instance.labels[k] !== v);
        const observation = placeholder || outdated ? ({ kind: 'value', value: null, breached: null } as const) : ({ kind: 'nodata' } as const);
        this.apply(next, transitions, rule, step(instance, observation, rule, now), identityOf(instance), group, unitOf);
      }
    }
    this.settleOrphans(next, transitions, rules, now);

    // A resolution not yet announced is still owed when the alert has since moved on to nodata, error or inactive.
    const owing = (i: AlertInstance): AlertInstance => (i.state !== 'firing' && i.state !== 'resolved' && i.resolvedAt !== null ? { ...i, state: 'resolved' } : i);
    const views = this.viewsOf([...next.values()].map(owing), plan, now);
    const dispatched = dispatch({ groups: this.groups, alerts: views, routing: plan.routing, channels: plan.channels, now, newId: this.newId });
    const removedInstances: string[] = [];
    for (const [fingerprint, instance] of next) {
      const stale = instance.state === 'inactive' || (instance.state === 'resolved' && now - (instance.resolvedAt ?? now) > RESOLVED_RETENTION_MS);
      if (stale && !this.awaitedByGroup(instance, dispatched.groups)) {
        next.delete(fingerprint);
        if (this.instances.has(fingerprint)) removedInstances.push(fingerprint);
      }
    }
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
      return await run({ plan, state: this.options.state, now, newId: this.newId });
    } catch (error: unknown) {
      this.options.logger.error({ err: error }, 'incident automation failed');
      return undefined;
    }
  }

  /** The message for a rule whose metric failed to evaluate, if one did. */
  private failedMetric(rule: AlertRule, input: ObservationInput): string | undefined {
    for (const { condition } of rule.levels) {
      if (condition.kind === 'absent') continue;
      const error = input.current.get(condition.metric)?.error;
      if (error) return `${condition.metric}: ${error}`;
    }
    return undefined;
  }

  private apply(
    next: Map<string, AlertInstance>,
    transitions: Transition[],
    rule: AlertRule,
    result: { next: AlertInstance; transition: Transition | null },
    identity: Labels,
    group: Labels,
    unitOf: (metric: string) => string,
  ): void {
    const severity = result.next.severity ?? rule.levels.at(-1)?.severity ?? 'P3';
    const labeled: AlertInstance = { ...result.next, labels: { ...identity, severity } };
    const instance: AlertInstance = { ...labeled, annotations: annotate(rule, labeled, group, unitOf) };
    next.set(instance.fingerprint, instance);
    if (result.transition) transitions.push(result.transition);
  }

  /** Instances whose rule left the plan resolve; external alerts resolve once their end time passes. */
  private settleOrphans(next: Map<string, AlertInstance>, transitions: Transition[], rules: ReadonlyMap<string, AlertRule>, now: number): void {
    for (const instance of next.values()) {
      const orphan = instance.source === 'rule' && !rules.has(instance.rule);
      const ended = instance.source === 'external' && instance.endsAt !== null && instance.endsAt <= now;
      if (!(orphan || ended)) continue;
      if (instance.state === 'firing') {
        next.set(instance.fingerprint, { ...instance, state: 'resolved', since: now, resolvedAt: now, lastEvaluatedAt: now, acknowledgedAt: null, acknowledgedBy: null });
        transitions.push({ fingerprint: instance.fingerprint, rule: instance.rule, from: 'firing', to: 'resolved', severity: instance.severity, value: instance.value, at: now, reason: ended ? 'ended' : 'condition_cleared' });
      } else if (instance.state !== 'resolved') {
        next.set(instance.fingerprint, { ...instance, state: 'inactive', since: now });
      }
    }
  }

  /** A resolved alert stays while some group has not flushed since it resolved (its resolution is still owed). */
  private awaitedByGroup(instance: AlertInstance, groups: readonly AggregationGroup[]): boolean {
    if (instance.state === 'firing' || instance.resolvedAt === null) return false;
    return groups.some((g) => (g.lastFlushAt ?? -Infinity) < (instance.resolvedAt ?? 0));
  }

  private viewsOf(instances: readonly AlertInstance[], plan: Plan, now: number): DispatchAlert[] {
    const firing = instances.filter((i) => i.state === 'firing');
    return instances.map((alert) => ({
      alert,
      silencedBy: silencedBy(this.silenceList, alert.labels, now),
      inhibitedBy: inhibitedBy(plan.inhibit, alert, firing),
    }));
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

  silences(): readonly Silence[] {
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
  receiveExternal(alerts: readonly { labels: Labels; annotations: Readonly<Record<string, string>>; startsAt: number; endsAt: number | null }[]): Promise<void> {
    return this.lock.run(async () => {
      const now = this.options.now();
      const changed: AlertInstance[] = [];
      const transitions: Transition[] = [];
      const updated = new Map(this.instances);
      for (const a of alerts) {
        const fingerprint = fingerprintOf(a.labels);
        const previous = updated.get(fingerprint);
        const firing = a.endsAt === null || a.endsAt > now;
        const severity = /^P[1-4]$/.test(a.labels.severity ?? '') ? (a.labels.severity as AlertInstance['severity']) : null;
        const wasFiring = previous?.state === 'firing';
        const state = firing ? 'firing' : previous ? 'resolved' : 'inactive';
        if (!firing && !previous) continue;
        const instance: AlertInstance = {
          fingerprint,
          rule: a.labels.alertname ?? 'external',
          source: 'external',
          labels: a.labels,
          annotations: a.annotations,
          state,
          severity,
          value: null,
          since: wasFiring === firing && previous ? previous.since : now,
          activeAt: previous?.activeAt ?? a.startsAt,
          firedAt: firing ? (wasFiring ? (previous?.firedAt ?? a.startsAt) : a.startsAt) : (previous?.firedAt ?? null),
          resolvedAt: firing ? null : previous?.state === 'resolved' ? previous.resolvedAt : now,
          lastBreachAt: firing ? now : (previous?.lastBreachAt ?? null),
          lastEvaluatedAt: now,
          acknowledgedBy: firing ? (previous?.acknowledgedBy ?? null) : null,
          acknowledgedAt: firing ? (previous?.acknowledgedAt ?? null) : null,
          endsAt: a.endsAt,
          health: 'ok',
          error: null,
        };
        changed.push(instance);
        updated.set(fingerprint, instance);
        if (wasFiring !== firing) {
          transitions.push({ fingerprint, rule: instance.rule, from: previous?.state ?? 'inactive', to: state, severity, value: null, at: now, reason: firing ? 'condition_met' : 'ended' });
        }
      }
      await this.options.state.commitAlerting({ instances: changed, removedInstances: [], transitions, groups: [], removedGroups: [], notifications: [] });
      this.instances = updated;
      this.requestTick();
    });
  }
}

/** The group fields an alert of this rule carries: its metric's `by` (none for absent()). */
function expectedGroup(rule: AlertRule, plan: Plan): Labels {
  const condition = rule.levels[0]?.condition;
  if (!condition || condition.kind === 'absent') return {};
  const metric = plan.metrics.find((m) => m.id === condition.metric);
  return Object.fromEntries((metric?.by ?? []).map((field) => [field, '']));
}

function sameKeys(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

function groupOf(instance: AlertInstance, rule: AlertRule): Labels {
  return Object.fromEntries(Object.entries(instance.labels).filter(([k]) => k !== 'severity' && k !== 'alertname' && !(k in rule.labels)));
}

function identityOf(instance: AlertInstance): Labels {
  return Object.fromEntries(Object.entries(instance.labels).filter(([k]) => k !== 'severity'));
}

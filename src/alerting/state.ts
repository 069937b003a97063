/**
 * The alert state machine, after Grafana's ngalert/state: one pure step per
 * evaluation of one instance. inactive → pending (for) → firing →
 * (keep_firing_for) → resolved; nodata and error are states too, reached or
 * not according to the rule's no_data / on_error policy.
 *
 * Every change of state comes back as a Transition with a named reason, even
 * the ones nobody is paged for (pending → inactive, → nodata); the caller
 * asks owesNotification() which of them are owed to a channel.
 */
import { createHash } from 'node:crypto';
import type { AlertRule, NoDataPolicy, Severity } from '../plan/alert-types.js';
import type { AlertInstance, AlertState, Labels, Observation, Step, Transition, TransitionReason } from './types.js';

/** A stable id for a label set: sha256 of the name-sorted pairs, first 16 hex characters. */
export function fingerprintOf(labels: Labels): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex').slice(0, 16);
}

/** A rule's instance before its first evaluation: inactive, healthy, nothing observed. */
export function newInstance(input: { fingerprint: string; rule: AlertRule; labels: Labels; now: number }): AlertInstance {
  const { rule, now } = input;
  return {
    fingerprint: input.fingerprint,
    rule: rule.name,
    source: 'rule',
    labels: input.labels,
    annotations: annotationsOf(rule),
    state: 'inactive',
    severity: null,
    value: null,
    since: now,
    activeAt: null,
    firedAt: null,
    resolvedAt: null,
    lastBreachAt: null,
    lastEvaluatedAt: now,
    acknowledgedBy: null,
    acknowledgedAt: null,
    endsAt: null,
    health: 'ok',
    error: null,
  };
}

function annotationsOf(rule: AlertRule): Record<string, string> {
  const annotations: Record<string, string> = {};
  if (rule.summary !== undefined) annotations.summary = rule.summary;
  if (rule.description !== undefined) annotations.description = rule.description;
  if (rule.runbook !== undefined) annotations.runbook = rule.runbook;
  return annotations;
}

/** What an observation means for the state machine once the rule's policies are applied. */
type Verdict =
  | { readonly kind: 'breached'; readonly severity: Severity }
  | { readonly kind: 'clear' }
  | { readonly kind: 'keep_last'; readonly state: 'nodata' | 'error' };

interface Reading {
  readonly verdict: Verdict;
  readonly value: number | null;
  readonly health: AlertInstance['health'];
  readonly error: string | null;
  /** Set when the observation was not a value: it names every transition it causes (but a severity change). */
  readonly cause: 'no_data' | 'evaluation_error' | null;
}

/** Used for policy 'alerting' if a rule had no levels (validation should prevent it); the loader's default severity. */
const FALLBACK_SEVERITY: Severity = 'P3';

function leastSevere(rule: AlertRule): Severity {
  return rule.levels.at(-1)?.severity ?? FALLBACK_SEVERITY;
}

function byPolicy(policy: NoDataPolicy, rule: AlertRule, state: 'nodata' | 'error'): Verdict {
  switch (policy) {
    case 'ok':
      return { kind: 'clear' };
    case 'alerting':
      return { kind: 'breached', severity: leastSevere(rule) };
    case 'keep_last':
      return { kind: 'keep_last', state };
  }
}

function read(observation: Observation, rule: AlertRule): Reading {
  switch (observation.kind) {
    case 'value':
      return {
        verdict: observation.breached === null ? { kind: 'clear' } : { kind: 'breached', severity: observation.breached },
        value: observation.value,
        health: 'ok',
        error: null,
        cause: null,
      };
    case 'nodata':
      return { verdict: byPolicy(rule.noData, rule, 'nodata'), value: null, health: 'nodata', error: null, cause: 'no_data' };
    case 'error':
      return { verdict: byPolicy(rule.onError, rule, 'error'), value: null, health: 'error', error: observation.message, cause: 'evaluation_error' };
  }
}

/** The instance after a decision, and why it changed; reason null when nothing worth a transition happened. */
interface Change {
  readonly next: AlertInstance;
  readonly reason: TransitionReason | null;
}

function onBreach(i: AlertInstance, severity: Severity, rule: AlertRule, now: number): Change {
  switch (i.state) {
    case 'firing':
      return { next: { ...i, severity, lastBreachAt: now }, reason: i.severity === severity ? null : 'severity_changed' };
    case 'pending':
      if (now - (i.activeAt ?? i.since) >= rule.forMs) {
        return { next: { ...i, state: 'firing', severity, lastBreachAt: now, firedAt: now }, reason: 'for_elapsed' };
      }
      return { next: { ...i, severity, lastBreachAt: now }, reason: null };
    case 'inactive':
    case 'resolved':
    case 'nodata':
    case 'error': {
      // A new episode: forget the previous one's firing and resolution.
      const episode: AlertInstance = { ...i, severity, lastBreachAt: now, activeAt: now, firedAt: null, resolvedAt: null };
      if (rule.forMs > 0) return { next: { ...episode, state: 'pending' }, reason: 'condition_met' };
      return { next: { ...episode, state: 'firing', firedAt: now }, reason: 'condition_met' };
    }
  }
}

function onClear(i: AlertInstance, rule: AlertRule, now: number): Change {
  switch (i.state) {
    case 'pending':
      return { next: { ...i, state: 'inactive', activeAt: null }, reason: 'condition_cleared' };
    case 'firing': {
      if (rule.keepFiringForMs <= 0) return { next: { ...i, state: 'resolved', resolvedAt: now }, reason: 'condition_cleared' };
      const lastBreach = i.lastBreachAt ?? i.firedAt ?? i.since;
      if (now - lastBreach < rule.keepFiringForMs) return { next: i, reason: null };
      return { next: { ...i, state: 'resolved', resolvedAt: now }, reason: 'keep_firing_elapsed' };
    }
    case 'nodata':
    case 'error':
      return { next: { ...i, state: 'inactive' }, reason: 'condition_cleared' };
    case 'inactive':
    case 'resolved':
      return { next: i, reason: null };
  }
}

/**
 * No data or an error under keep_last: a pending or firing alert stays as it is; any other enters the
 * nodata / error state with a severity: its last episode's, or else the one the rule pages with when it
 * cannot decide (policy `alerting`), its least severe level, which is also its `severity` label.
 */
function onKeepLast(i: AlertInstance, state: 'nodata' | 'error', rule: AlertRule): Change {
  if (i.state === 'firing' || i.state === 'pending') return { next: i, reason: null };
  const severity = i.severity ?? leastSevere(rule);
  if (i.state === state) return { next: i.severity === severity ? i : { ...i, severity }, reason: null };
  return { next: { ...i, state, severity }, reason: state === 'nodata' ? 'no_data' : 'evaluation_error' };
}

function decide(i: AlertInstance, verdict: Verdict, rule: AlertRule, now: number): Change {
  switch (verdict.kind) {
    case 'breached':
      return onBreach(i, verdict.severity, rule, now);
    case 'clear':
      return onClear(i, rule, now);
    case 'keep_last':
      return onKeepLast(i, verdict.state, rule);
  }
}

function transitionOf(from: AlertState, next: AlertInstance, reason: TransitionReason, at: number): Transition {
  return { fingerprint: next.fingerprint, rule: next.rule, from, to: next.state, severity: next.severity, value: next.value, at, reason };
}

/**
 * One evaluation of one instance: the next instance, and the transition if
 * anything changed that history should show. Pure: `now` is the clock.
 */
export function step(previous: AlertInstance, observation: Observation, rule: AlertRule, now: number): Step {
  const reading = read(observation, rule);
  const observed: AlertInstance = { ...previous, value: reading.value, health: reading.health, error: reading.error, lastEvaluatedAt: now };
  const change = decide(observed, reading.verdict, rule, now);
  const stateChanged = change.next.state !== previous.state;
  const leftFiring = previous.state === 'firing' && change.next.state !== 'firing';
  const next: AlertInstance = {
    ...change.next,
    since: stateChanged ? now : previous.since,
    ...(leftFiring ? { acknowledgedBy: null, acknowledgedAt: null } : {}),
  };
  if (change.reason === null) return { next, transition: null };
  const reason = reading.cause !== null && change.reason !== 'severity_changed' ? reading.cause : change.reason;
  return { next, transition: transitionOf(previous.state, next, reason, now) };
}

/**
 * Someone has seen a firing alert. Only a firing, not yet acknowledged
 * instance changes; anything else comes back as it was, with no transition.
 */
export function acknowledge(instance: AlertInstance, by: string, now: number): Step {
  if (instance.state !== 'firing' || instance.acknowledgedBy !== null) return { next: instance, transition: null };
  const next: AlertInstance = { ...instance, acknowledgedBy: by, acknowledgedAt: now };
  return { next, transition: transitionOf(instance.state, next, 'acknowledged', now) };
}

/** Whether a transition owes the receivers a notification: a new firing, a change of severity, a resolution. */
export function owesNotification(t: Transition): boolean {
  if (t.to === 'firing') return t.from !== 'firing' || t.reason === 'severity_changed';
  return t.from === 'firing' && t.to === 'resolved';
}

/**
 * Alerts posted by another system (the Alertmanager API), pure: each is
 * firing until its end time; a posted alert that ended resolves the one it
 * names (by its labels' fingerprint), or is dropped when none fires. One
 * alert at a time, so that a post costs what it holds, not what the engine
 * holds.
 */
import { fingerprintOf } from './state.js';
import type { AlertInstance, Labels, Transition } from './types.js';

export interface PostedAlert {
  /** The labels' fingerprint when the caller has it already; computed otherwise. */
  readonly fingerprint?: string;
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: number;
  readonly endsAt: number | null;
  /** The sender's link to what generated it (Prometheus's graph of the expression), kept for webhooks. */
  readonly generatorUrl?: string;
}

export interface PostedStep {
  /** The alert as it is after the post. */
  readonly instance: AlertInstance;
  /** Set when it started or stopped firing. */
  readonly transition: Transition | null;
}

const SEVERITY = /^P[1-4]$/;

/**
 * One posted alert against the alert its labels name (`previous`), at `now`; null when it ended
 * and names no alert. An unchanged re-send changes only what Alertmanager itself keeps of it: its
 * end time, and when it was last heard of.
 */
export function receivePosted(a: PostedAlert, previous: AlertInstance | undefined, now: number, fingerprint = fingerprintOf(a.labels)): PostedStep | null {
  const firing = a.endsAt === null || a.endsAt > now;
  if (!firing && !previous) return null;
  const severity = SEVERITY.test(a.labels.severity ?? '') ? (a.labels.severity as AlertInstance['severity']) : null;
  const wasFiring = previous?.state === 'firing';
  const state = firing ? 'firing' : 'resolved';
  if (previous && wasFiring && firing && previous.source === 'external') {
    // The common case by far: Prometheus re-sending what still fires.
    const same = previous.endsAt === a.endsAt && sameText(previous.annotations, a.annotations) && previous.generatorUrl === a.generatorUrl;
    const changed = { ...previous, annotations: a.annotations, endsAt: a.endsAt, lastBreachAt: now, lastEvaluatedAt: now, ...generator(a) };
    return { instance: same ? { ...previous, lastEvaluatedAt: now } : changed, transition: null };
  }
  const instance: AlertInstance = {
    fingerprint,
    rule: a.labels.alertname ?? 'external',
    source: 'external',
    labels: a.labels,
    annotations: a.annotations,
    ...generator(a),
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
  const transition: Transition | null =
    wasFiring === firing ? null : { fingerprint, rule: instance.rule, from: previous?.state ?? 'inactive', to: state, severity, value: null, at: now, reason: firing ? 'condition_met' : 'ended' };
  return { instance, transition };
}

const generator = (a: PostedAlert): { generatorUrl?: string } => (a.generatorUrl ? { generatorUrl: a.generatorUrl } : {});

function sameText(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

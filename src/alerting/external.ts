/**
 * Alerts posted by another system (the Alertmanager API), pure: each is
 * firing until its end time; a posted alert that ended resolves the one it
 * names (by its labels' fingerprint), or is dropped when none fires.
 */
import { fingerprintOf } from './state.js';
import type { AlertInstance, Labels, Transition } from './types.js';

export interface PostedAlert {
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: number;
  readonly endsAt: number | null;
}

export interface PostedStep {
  /** The alerts posted, as instances to commit. */
  readonly changed: AlertInstance[];
  readonly transitions: Transition[];
  /** Every alert after the post, by fingerprint. */
  readonly updated: Map<string, AlertInstance>;
}

/** The alerts after `alerts` are posted at `now`. */
export function receivePosted(alerts: readonly PostedAlert[], instances: ReadonlyMap<string, AlertInstance>, now: number): PostedStep {
  const changed: AlertInstance[] = [];
  const transitions: Transition[] = [];
  const updated = new Map(instances);
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
  return { changed, transitions, updated };
}

/**
 * Overdue-update reminders, as a pure decision: an open incident whose last
 * update is older than its severity's `updateEveryMs` owes its commander a
 * reminder, at most one per cadence period. Reminders are not updates: they
 * leave `lastUpdateAt` alone, so they repeat every period until someone
 * updates the incident.
 */
import type { SeverityPolicy } from '../plan/incident-types.js';
import { nextUpdateDueAt } from './messages.js';
import type { Incident } from './types.js';

export type ReminderDecision =
  | { readonly kind: 'due'; readonly overdueBy: number }
  | { readonly kind: 'none'; readonly reason: 'resolved' | 'no_cadence' | 'not_overdue' | 'reminded_recently' };

/**
 * When the next reminder falls due: the update's due time, or one period after the last reminder
 * when that reminder was for the current overdue stretch. Null once resolved or without a cadence.
 */
export function nextReminderAt(incident: Incident, policy: SeverityPolicy, lastReminderAt: number | null): number | null {
  const due = nextUpdateDueAt(incident, policy);
  if (due === null || policy.updateEveryMs === null) return null;
  if (lastReminderAt !== null && lastReminderAt >= due) return lastReminderAt + policy.updateEveryMs;
  return due;
}

/** Whether `incident` owes a reminder at `now`, given when it was last reminded (null: never). */
export function reminderDue(incident: Incident, policy: SeverityPolicy, lastReminderAt: number | null, now: number): ReminderDecision {
  if (incident.status === 'resolved') return { kind: 'none', reason: 'resolved' };
  const due = nextUpdateDueAt(incident, policy);
  const next = nextReminderAt(incident, policy, lastReminderAt);
  if (due === null || next === null) return { kind: 'none', reason: 'no_cadence' };
  if (now < due) return { kind: 'none', reason: 'not_overdue' };
  if (now < next) return { kind: 'none', reason: 'reminded_recently' };
  return { kind: 'due', overdueBy: now - due };
}

/** How often an overdue post-mortem is reminded: once a day until it is written. */
export const POSTMORTEM_REMINDER_EVERY_MS = 24 * 60 * 60 * 1000;

export type PostmortemReminderDecision =
  | { readonly kind: 'due'; readonly overdueBy: number }
  | { readonly kind: 'none'; readonly reason: 'not_owed' | 'not_resolved' | 'written' | 'not_overdue' | 'reminded_recently' };

/**
 * When the next post-mortem reminder falls due: `postmortemDueAt`, or a day after the last reminder
 * when that was sent once the post-mortem was overdue. Null when none is owed (severity without a
 * post-mortem, not resolved, no due time) or once it is written.
 */
export function nextPostmortemReminderAt(incident: Incident, policy: SeverityPolicy, lastReminderAt: number | null): number | null {
  const due = incident.postmortemDueAt;
  if (!policy.postmortem || incident.status !== 'resolved' || due === null || incident.postmortemWrittenAt !== null) return null;
  if (lastReminderAt !== null && lastReminderAt >= due) return lastReminderAt + POSTMORTEM_REMINDER_EVERY_MS;
  return due;
}

/** Whether `incident` owes a post-mortem reminder at `now`, given when it was last reminded of it (null: never). */
export function postmortemReminderDue(incident: Incident, policy: SeverityPolicy, lastReminderAt: number | null, now: number): PostmortemReminderDecision {
  if (!policy.postmortem) return { kind: 'none', reason: 'not_owed' };
  if (incident.status !== 'resolved') return { kind: 'none', reason: 'not_resolved' };
  if (incident.postmortemWrittenAt !== null) return { kind: 'none', reason: 'written' };
  const due = incident.postmortemDueAt;
  const next = nextPostmortemReminderAt(incident, policy, lastReminderAt);
  if (due === null || next === null) return { kind: 'none', reason: 'not_owed' };
  if (now < due) return { kind: 'none', reason: 'not_overdue' };
  if (now < next) return { kind: 'none', reason: 'reminded_recently' };
  return { kind: 'due', overdueBy: now - due };
}

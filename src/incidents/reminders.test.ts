import { describe, expect, it } from 'vitest';
import { DEFAULT_SEVERITIES } from '../plan/incidents.js';
import { declare } from './lifecycle.js';
import { nextPostmortemReminderAt, nextReminderAt, postmortemReminderDue, reminderDue } from './reminders.js';
import type { Incident } from './types.js';

const M = 60_000;
const T0 = Date.parse('2026-03-03T09:00:00Z');
const SEV1 = DEFAULT_SEVERITIES.SEV1;

const incident = (extra: Partial<Incident> = {}): Incident => {
  const outcome = declare({ id: 'INC-1', title: 't', severity: 'SEV1', by: 'ana', commander: 'ana' }, T0);
  if (outcome.kind !== 'changed') throw new Error('declare');
  return { ...outcome.incident, ...extra };
};

describe('reminderDue, as a timeline (SEV1: an update every 15 min)', () => {
  it('reminds once per period while no update comes, and restarts the cadence on an update', () => {
    const open = incident();
    expect(reminderDue(open, SEV1, null, T0 + 14 * M)).toEqual({ kind: 'none', reason: 'not_overdue' });
    expect(reminderDue(open, SEV1, null, T0 + 15 * M)).toEqual({ kind: 'due', overdueBy: 0 });
    // Reminded at 15 min: nothing more until 30 min.
    expect(reminderDue(open, SEV1, T0 + 15 * M, T0 + 16 * M)).toEqual({ kind: 'none', reason: 'reminded_recently' });
    expect(reminderDue(open, SEV1, T0 + 15 * M, T0 + 29 * M)).toEqual({ kind: 'none', reason: 'reminded_recently' });
    expect(nextReminderAt(open, SEV1, T0 + 15 * M)).toBe(T0 + 30 * M);
    expect(reminderDue(open, SEV1, T0 + 15 * M, T0 + 30 * M)).toEqual({ kind: 'due', overdueBy: 15 * M });
    // A late tick (reminder at 17 min) keeps one per period from that reminder.
    expect(reminderDue(open, SEV1, T0 + 17 * M, T0 + 31 * M)).toEqual({ kind: 'none', reason: 'reminded_recently' });
    expect(reminderDue(open, SEV1, T0 + 17 * M, T0 + 32 * M)).toEqual({ kind: 'due', overdueBy: 17 * M });
    // Updated at 32 min: the earlier reminder no longer counts; next due at 47 min.
    const updated = { ...open, lastUpdateAt: T0 + 32 * M };
    expect(reminderDue(updated, SEV1, T0 + 30 * M, T0 + 46 * M)).toEqual({ kind: 'none', reason: 'not_overdue' });
    expect(nextReminderAt(updated, SEV1, T0 + 30 * M)).toBe(T0 + 47 * M);
    expect(reminderDue(updated, SEV1, T0 + 30 * M, T0 + 47 * M)).toEqual({ kind: 'due', overdueBy: 0 });
  });

  it('never reminds a resolved incident or a severity without a cadence', () => {
    expect(reminderDue(incident({ status: 'resolved', resolvedAt: T0 + M }), SEV1, null, T0 + 60 * M)).toEqual({ kind: 'none', reason: 'resolved' });
    expect(nextReminderAt(incident({ status: 'resolved' }), SEV1, null)).toBeNull();
    expect(reminderDue(incident({ severity: 'SEV3' }), DEFAULT_SEVERITIES.SEV3, null, T0 + 600 * M)).toEqual({ kind: 'none', reason: 'no_cadence' });
  });
});

describe('postmortemReminderDue, as a timeline (SEV1: post-mortem due a day after resolving)', () => {
  const D = 24 * 60 * M;
  const resolved = incident({ status: 'resolved', resolvedAt: T0, postmortemDueAt: T0 + D });
  it('reminds once a day from the due time until the post-mortem is written', () => {
    expect(postmortemReminderDue(resolved, SEV1, null, T0 + D - 1)).toEqual({ kind: 'none', reason: 'not_overdue' });
    expect(postmortemReminderDue(resolved, SEV1, null, T0 + D)).toEqual({ kind: 'due', overdueBy: 0 });
    expect(postmortemReminderDue(resolved, SEV1, T0 + D, T0 + 2 * D - 1)).toEqual({ kind: 'none', reason: 'reminded_recently' });
    expect(nextPostmortemReminderAt(resolved, SEV1, T0 + D)).toBe(T0 + 2 * D);
    expect(postmortemReminderDue(resolved, SEV1, T0 + D, T0 + 2 * D)).toEqual({ kind: 'due', overdueBy: D });
    // A reminder before the due time (an update reminder, say) does not count.
    expect(postmortemReminderDue(resolved, SEV1, T0 + D - 1, T0 + D)).toEqual({ kind: 'due', overdueBy: 0 });
    const written = { ...resolved, postmortemWrittenAt: T0 + 2 * D + 1 };
    expect(postmortemReminderDue(written, SEV1, T0 + 2 * D, T0 + 5 * D)).toEqual({ kind: 'none', reason: 'written' });
    expect(nextPostmortemReminderAt(written, SEV1, T0 + 2 * D)).toBeNull();
  });
  it('never reminds an open incident or a severity without a post-mortem', () => {
    expect(postmortemReminderDue(incident(), SEV1, null, T0 + 5 * D)).toEqual({ kind: 'none', reason: 'not_resolved' });
    expect(postmortemReminderDue(resolved, DEFAULT_SEVERITIES.SEV3, null, T0 + 5 * D)).toEqual({ kind: 'none', reason: 'not_owed' });
  });
});

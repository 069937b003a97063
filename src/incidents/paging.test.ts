import { describe, expect, it } from 'vitest';
import type { EscalationPolicy } from '../plan/oncall-types.js';
import { declare } from './lifecycle.js';
import { pagesDue } from './paging.js';
import type { Incident } from './types.js';

const M = 60_000;
const T0 = Date.parse('2026-03-03T09:00:00Z');
const policy: EscalationPolicy = {
  id: 'default',
  steps: [
    { afterMs: 0, targets: [{ kind: 'person', person: 'ana' }] },
    { afterMs: 5 * M, targets: [{ kind: 'person', person: 'ben' }] },
    { afterMs: 30 * M, targets: [{ kind: 'person', person: 'cleo' }] },
  ],
};

const incident = (stepsPaged: number, extra: Partial<Incident> = {}): Incident => {
  const outcome = declare({ id: 'INC-1', title: 't', severity: 'SEV1', by: 'launchwatch' }, T0);
  if (outcome.kind !== 'changed') throw new Error('declare');
  return { ...outcome.incident, paging: { policy: 'default', stepsPaged }, ...extra };
};

describe('pagesDue, as a timeline', () => {
  it('pages step 0 at once, step 1 after 5 min, step 2 after 30 min', () => {
    expect(pagesDue(incident(0), policy, T0)).toEqual({ kind: 'page', reason: 'steps_due', steps: [0], nextDueAt: T0 + 5 * M });
    expect(pagesDue(incident(1), policy, T0 + 4 * M)).toEqual({ kind: 'none', reason: 'not_due', nextDueAt: T0 + 5 * M });
    expect(pagesDue(incident(1), policy, T0 + 5 * M)).toEqual({ kind: 'page', reason: 'steps_due', steps: [1], nextDueAt: T0 + 30 * M });
    expect(pagesDue(incident(2), policy, T0 + 29 * M)).toEqual({ kind: 'none', reason: 'not_due', nextDueAt: T0 + 30 * M });
    expect(pagesDue(incident(3), policy, T0 + 31 * M)).toEqual({ kind: 'none', reason: 'exhausted', nextDueAt: null });
  });
  it('catches up on steps missed while nobody ticked', () => {
    expect(pagesDue(incident(1), policy, T0 + 40 * M)).toEqual({ kind: 'page', reason: 'steps_due', steps: [1, 2], nextDueAt: null });
  });
  it('stops once acknowledged or resolved', () => {
    expect(pagesDue(incident(1, { acknowledgedAt: T0 + 2 * M }), policy, T0 + 6 * M)).toEqual({ kind: 'none', reason: 'acknowledged', nextDueAt: null });
    expect(pagesDue(incident(1, { status: 'resolved' }), policy, T0 + 6 * M)).toEqual({ kind: 'none', reason: 'resolved', nextDueAt: null });
  });
  it('does not page an incident without a policy', () => {
    expect(pagesDue({ ...incident(0), paging: undefined }, policy, T0)).toEqual({ kind: 'none', reason: 'not_paging', nextDueAt: null });
    expect(pagesDue(incident(0), undefined, T0)).toEqual({ kind: 'none', reason: 'not_paging', nextDueAt: null });
  });
});

describe('pagesDue for a policy with repeat: 1 (round of 30m + 10m)', () => {
  const repeating: EscalationPolicy = { ...policy, repeat: 1, repeatAfterMs: 10 * M };
  it('pages the second round from 40 minutes, then gives up once at 80 minutes', () => {
    expect(pagesDue(incident(3), repeating, T0 + 31 * M)).toEqual({ kind: 'none', reason: 'not_due', nextDueAt: T0 + 40 * M });
    expect(pagesDue(incident(3), repeating, T0 + 40 * M)).toEqual({ kind: 'page', reason: 'steps_due', steps: [3], nextDueAt: T0 + 45 * M });
    expect(pagesDue(incident(5), repeating, T0 + 70 * M)).toEqual({ kind: 'page', reason: 'steps_due', steps: [5], nextDueAt: T0 + 80 * M });
    expect(pagesDue(incident(6), repeating, T0 + 79 * M)).toEqual({ kind: 'none', reason: 'not_due', nextDueAt: T0 + 80 * M });
    expect(pagesDue(incident(6), repeating, T0 + 80 * M)).toEqual({ kind: 'give_up', reason: 'exhausted', nextDueAt: null });
    expect(pagesDue(incident(7), repeating, T0 + 90 * M)).toEqual({ kind: 'none', reason: 'exhausted', nextDueAt: null });
  });
  it('does not give up once acknowledged', () => {
    expect(pagesDue(incident(6, { acknowledgedAt: T0 + 50 * M }), repeating, T0 + 90 * M)).toEqual({ kind: 'none', reason: 'acknowledged', nextDueAt: null });
  });
});

import { describe, expect, it } from 'vitest';
import { escalationGivesUpAfter, escalationStepAfter, escalationStepCount, escalationStepsDue, escalationTargets } from './escalation.js';
import type { EscalationPolicy, Schedule } from '../plan/oncall-types.js';

const t = (iso: string): number => Date.parse(iso);
const MIN = 60_000;

const weekly = (id: string, people: string[], overrides: Schedule['overrides'] = []): Schedule => ({
  id,
  rotation: { everyDays: 7, handoff: { weekday: 'monday', minute: 9 * 60 }, timezone: 'Europe/Lisbon', people, start: '2026-01-05' },
  overrides,
});
// Week 12 of both rotations begins Monday 2026-03-30 09:00 Lisbon (08:00Z): primary goes cleo -> ana, secondary ben -> cleo.
const primary = weekly('primary', ['ana', 'ben', 'cleo'], [{ person: 'dan', from: t('2026-04-01T00:00:00Z'), to: t('2026-04-02T00:00:00Z') }]);
const secondary = weekly('secondary', ['cleo', 'ana', 'ben']);

/** The default policy. */
const policy: EscalationPolicy = {
  id: 'default',
  steps: [
    { afterMs: 0, targets: [{ kind: 'schedule', schedule: primary }] },
    { afterMs: 5 * MIN, targets: [{ kind: 'schedule', schedule: secondary }] },
    { afterMs: 30 * MIN, targets: [{ kind: 'person', person: 'cleo' }] },
  ],
};

describe('escalationTargets', () => {
  it('gives whoever is on call for a schedule step at that time, across a handoff', () => {
    expect(escalationTargets(policy, 0, t('2026-03-30T07:59:00Z'))).toEqual(['cleo']);
    expect(escalationTargets(policy, 0, t('2026-03-30T08:00:00Z'))).toEqual(['ana']);
    expect(escalationTargets(policy, 1, t('2026-03-30T07:59:00Z'))).toEqual(['ben']);
    expect(escalationTargets(policy, 1, t('2026-03-30T08:05:00Z'))).toEqual(['cleo']);
  });

  it('follows overrides', () => {
    expect(escalationTargets(policy, 0, t('2026-04-01T12:00:00Z'))).toEqual(['dan']);
  });

  it('gives the person for a person step, whatever the time', () => {
    expect(escalationTargets(policy, 2, t('2026-03-30T08:00:00Z'))).toEqual(['cleo']);
    expect(escalationTargets(policy, 2, t('2031-01-01T00:00:00Z'))).toEqual(['cleo']);
  });

  it('names each person once when a step reaches them twice, in the step order', () => {
    const both: EscalationPolicy = {
      id: 'both',
      steps: [{ afterMs: 0, targets: [{ kind: 'person', person: 'ana' }, { kind: 'schedule', schedule: primary }, { kind: 'schedule', schedule: secondary }] }],
    };
    // At 2026-03-30 09:00Z primary is ana (again) and secondary cleo.
    expect(escalationTargets(both, 0, t('2026-03-30T09:00:00Z'))).toEqual(['ana', 'cleo']);
  });

  it('gives nobody for a step the policy does not have', () => {
    expect(escalationTargets(policy, 3, t('2026-03-30T08:00:00Z'))).toEqual([]);
    expect(escalationTargets(policy, -1, t('2026-03-30T08:00:00Z'))).toEqual([]);
  });
});

describe('escalationStepsDue: a page that began at 10:00, as a timeline', () => {
  const began = t('2026-03-30T10:00:00Z');
  it.each([
    ['10:00:00', 1],
    ['10:04:59', 1],
    ['10:05:00', 2],
    ['10:29:59', 2],
    ['10:30:00', 3],
    ['13:00:00', 3],
  ])('at %s, %i step(s) due', (time, due) => {
    expect(escalationStepsDue(policy, began, t(`2026-03-30T${time}Z`))).toBe(due);
  });

  it('none before a delayed first step', () => {
    const delayed: EscalationPolicy = { id: 'later', steps: [{ afterMs: 10 * MIN, targets: [{ kind: 'person', person: 'ana' }] }] };
    expect(escalationStepsDue(delayed, began, began + 9 * MIN)).toBe(0);
    expect(escalationStepsDue(delayed, began, began + 10 * MIN)).toBe(1);
  });
});

describe('a policy that repeats: two more rounds, 10 minutes after each round', () => {
  const began = t('2026-03-30T10:00:00Z');
  const repeating: EscalationPolicy = { ...policy, repeat: 2, repeatAfterMs: 10 * MIN };

  it('runs the steps again each 40 minutes (the last step at 30m, then 10m), numbered across rounds', () => {
    expect(escalationStepCount(repeating)).toBe(9);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => escalationStepAfter(repeating, i))).toEqual([0, 5, 30, 40, 45, 70, 80, 85, 110, undefined].map((m) => (m === undefined ? m : m * MIN)));
    expect(escalationStepsDue(repeating, began, began + 39 * MIN)).toBe(3);
    expect(escalationStepsDue(repeating, began, began + 40 * MIN)).toBe(4);
    expect(escalationStepsDue(repeating, began, began + 5 * 60 * MIN)).toBe(9);
  });

  it('reaches the same targets in each round, and gives up 10 minutes after the last', () => {
    expect(escalationTargets(repeating, 3, t('2026-03-30T07:59:00Z'))).toEqual(['cleo']);
    expect(escalationTargets(repeating, 8, t('2026-03-30T08:00:00Z'))).toEqual(['cleo']);
    expect(escalationTargets(repeating, 9, t('2026-03-30T08:00:00Z'))).toEqual([]);
    expect(escalationGivesUpAfter(repeating)).toBe(120 * MIN);
    expect(escalationGivesUpAfter(policy)).toBeUndefined();
    expect(escalationStepCount(policy)).toBe(3);
  });
});

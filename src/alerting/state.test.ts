import { describe, expect, it } from 'vitest';
import type { AlertRule, Severity } from '../plan/alert-types.js';
import { acknowledge, fingerprintOf, newInstance, owesNotification, step } from './state.js';
import type { AlertInstance, AlertState, Observation, Transition, TransitionReason } from './types.js';

const s = 1000;
const m = 60 * s;

function rule(overrides: Partial<AlertRule> = {}): AlertRule {
  const condition = (value: number) => ({ kind: 'threshold', metric: 'p95_ms', op: '>', value, text: `p95_ms > ${value}` }) as const;
  return {
    name: 'slow_checkout',
    levels: [
      { severity: 'P1', condition: condition(2000) },
      { severity: 'P2', condition: condition(1000) },
    ],
    forMs: 0,
    keepFiringForMs: 0,
    summary: 'Checkout is slow',
    runbook: 'https://runbooks.example/checkout',
    labels: { team: 'payments' },
    noData: 'keep_last',
    onError: 'alerting',
    ...overrides,
  };
}

const breach = (severity: Severity, value = 1500): Observation => ({ kind: 'value', value, breached: severity });
const fine = (value = 500): Observation => ({ kind: 'value', value, breached: null });
const nodata: Observation = { kind: 'nodata' };
const failure: Observation = { kind: 'error', message: 'query failed' };

/** Drives one instance through a rule's evaluations; `at` answers [state, reason of the transition or null]. */
function timeline(r: AlertRule) {
  let instance = newInstance({ fingerprint: 'fp1', rule: r, labels: { alertname: r.name }, now: 0 });
  const transitions: Transition[] = [];
  const record = (result: { next: AlertInstance; transition: Transition | null }): [AlertState, TransitionReason | null] => {
    instance = result.next;
    if (result.transition) transitions.push(result.transition);
    return [instance.state, result.transition?.reason ?? null];
  };
  return {
    at: (t: number, observation: Observation) => record(step(instance, observation, r, t)),
    ack: (t: number, by = 'ana') => record(acknowledge(instance, by, t)),
    get instance() {
      return instance;
    },
    transitions,
    last: () => transitions.at(-1),
    owed: () => {
      const last = transitions.at(-1);
      if (!last) throw new Error('no transition yet');
      return owesNotification(last);
    },
  };
}

describe('newInstance and fingerprintOf', () => {
  it('starts inactive and healthy, with the rule as its source and its text as annotations', () => {
    const i = newInstance({ fingerprint: 'abc', rule: rule(), labels: { alertname: 'slow_checkout' }, now: 7 });
    expect(i).toMatchObject({ fingerprint: 'abc', rule: 'slow_checkout', source: 'rule', state: 'inactive', severity: null, since: 7 });
    expect(i).toMatchObject({ lastEvaluatedAt: 7, activeAt: null, firedAt: null, health: 'ok', error: null, acknowledgedBy: null });
    expect(i.annotations).toEqual({ summary: 'Checkout is slow', runbook: 'https://runbooks.example/checkout' });
  });

  it('hashes labels to 16 hex characters, whatever their order, without ambiguity', () => {
    const fp = fingerprintOf({ alertname: 'x', region: 'eu' });
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf({ region: 'eu', alertname: 'x' })).toBe(fp);
    expect(fingerprintOf({ alertname: 'x', region: 'us' })).not.toBe(fp);
    expect(fingerprintOf({ a: 'b,c' })).not.toBe(fingerprintOf({ a: 'b', c: '' }));
  });
});

describe('step: pending, firing, resolved', () => {
  it('for: 0s goes straight to firing, and back to firing after a resolution', () => {
    const tl = timeline(rule());
    expect(tl.at(0, breach('P2'))).toEqual(['firing', 'condition_met']);
    expect(tl.instance).toMatchObject({ severity: 'P2', activeAt: 0, firedAt: 0, lastBreachAt: 0, since: 0, value: 1500 });
    expect(tl.at(1 * m, breach('P2', 1600))).toEqual(['firing', null]);
    expect(tl.at(2 * m, fine())).toEqual(['resolved', 'condition_cleared']);
    expect(tl.instance).toMatchObject({ resolvedAt: 2 * m, since: 2 * m, severity: 'P2', value: 500 });
    expect(tl.at(3 * m, fine())).toEqual(['resolved', null]);
    expect(tl.instance).toMatchObject({ since: 2 * m, lastEvaluatedAt: 3 * m });
    expect(tl.at(4 * m, breach('P2'))).toEqual(['firing', 'condition_met']);
    expect(tl.instance).toMatchObject({ firedAt: 4 * m, resolvedAt: null });
  });

  it('for: 5m holds an alert pending until the condition held for five minutes', () => {
    const tl = timeline(rule({ forMs: 5 * m }));
    expect(tl.at(0, breach('P2'))).toEqual(['pending', 'condition_met']);
    expect(tl.instance).toMatchObject({ activeAt: 0, firedAt: null });
    expect(tl.at(4 * m, breach('P2'))).toEqual(['pending', null]);
    expect(tl.instance.since).toBe(0);
    expect(tl.at(5 * m, breach('P2'))).toEqual(['firing', 'for_elapsed']);
    expect(tl.instance).toMatchObject({ firedAt: 5 * m, since: 5 * m, activeAt: 0 });
    expect(tl.at(6 * m, fine())).toEqual(['resolved', 'condition_cleared']);
    expect(tl.transitions.map((t) => `${t.from}→${t.to}@${t.at / m}m`)).toEqual(['inactive→pending@0m', 'pending→firing@5m', 'firing→resolved@6m']);
  });

  it('for: 5m restarts the wait when the condition clears in between', () => {
    const tl = timeline(rule({ forMs: 5 * m }));
    expect(tl.at(0, breach('P2'))).toEqual(['pending', 'condition_met']);
    expect(tl.at(3 * m, fine())).toEqual(['inactive', 'condition_cleared']);
    expect(tl.last()).toMatchObject({ from: 'pending', to: 'inactive' });
    expect(tl.instance.activeAt).toBeNull();
    expect(tl.at(4 * m, breach('P2'))).toEqual(['pending', 'condition_met']);
    expect(tl.instance.activeAt).toBe(4 * m);
    expect(tl.at(8 * m, breach('P2'))).toEqual(['pending', null]);
    expect(tl.at(9 * m, breach('P2'))).toEqual(['firing', 'for_elapsed']);
  });

  it('updates the severity of a pending alert without a transition', () => {
    const tl = timeline(rule({ forMs: 5 * m }));
    tl.at(0, breach('P2'));
    expect(tl.at(1 * m, breach('P1', 2500))).toEqual(['pending', null]);
    expect(tl.instance.severity).toBe('P1');
    expect(tl.at(5 * m, breach('P1', 2500))).toEqual(['firing', 'for_elapsed']);
    expect(tl.last()?.severity).toBe('P1');
  });

  it('escalates and de-escalates a firing alert as firing → firing severity_changed', () => {
    const tl = timeline(rule());
    expect(tl.at(0, breach('P2'))).toEqual(['firing', 'condition_met']);
    expect(tl.at(1 * m, breach('P1', 2500))).toEqual(['firing', 'severity_changed']);
    expect(tl.last()).toMatchObject({ from: 'firing', to: 'firing', severity: 'P1', value: 2500 });
    expect(tl.at(2 * m, breach('P1', 2600))).toEqual(['firing', null]);
    expect(tl.at(3 * m, breach('P2'))).toEqual(['firing', 'severity_changed']);
    expect(tl.instance).toMatchObject({ severity: 'P2', since: 0, firedAt: 0 });
    expect(tl.at(4 * m, fine())).toEqual(['resolved', 'condition_cleared']);
    expect(tl.instance.severity).toBe('P2');
    expect(tl.transitions.filter(owesNotification)).toHaveLength(4);
  });
});

describe('step: keep_firing_for', () => {
  const wobble: [number, Observation][] = [
    [0, breach('P2', 1010)],
    [1 * m, fine(990)],
    [2 * m, breach('P2', 1005)],
    [3 * m, fine(995)],
    [4 * m, fine(980)],
    [5 * m, fine(970)],
  ];

  it('without it, a value wobbling around the threshold flaps', () => {
    const tl = timeline(rule());
    wobble.forEach(([t, o]) => tl.at(t, o));
    expect(tl.transitions.map((t) => t.to)).toEqual(['firing', 'resolved', 'firing', 'resolved']);
  });

  it('with 3m, the alert stays firing through the wobble and resolves 3m after the last breach', () => {
    const tl = timeline(rule({ keepFiringForMs: 3 * m }));
    const states = wobble.map(([t, o]) => tl.at(t, o));
    expect(states).toEqual([
      ['firing', 'condition_met'],
      ['firing', null],
      ['firing', null],
      ['firing', null],
      ['firing', null],
      ['resolved', 'keep_firing_elapsed'],
    ]);
    expect(tl.instance).toMatchObject({ lastBreachAt: 2 * m, resolvedAt: 5 * m, value: 970, since: 5 * m });
  });
});

describe.each([
  { observation: nodata, policy: 'noData', reason: 'no_data', state: 'nodata', health: 'nodata', error: null },
  { observation: failure, policy: 'onError', reason: 'evaluation_error', state: 'error', health: 'error', error: 'query failed' },
] as const)('step: $observation.kind with each $policy policy', ({ observation, policy, reason, state, health, error }) => {
  const withPolicy = (p: AlertRule['noData'], extra: Partial<AlertRule> = {}) => rule({ noData: 'ok', onError: 'ok', [policy]: p, ...extra });

  it('ok: resolves a firing alert, drops a pending one, leaves an inactive one', () => {
    const firing = timeline(withPolicy('ok'));
    firing.at(0, breach('P2'));
    expect(firing.at(1 * m, observation)).toEqual(['resolved', reason]);
    expect(firing.instance).toMatchObject({ health, error, value: null, resolvedAt: 1 * m });
    expect(firing.owed()).toBe(true);
    const pending = timeline(withPolicy('ok', { forMs: 5 * m }));
    pending.at(0, breach('P2'));
    expect(pending.at(1 * m, observation)).toEqual(['inactive', reason]);
    const inactive = timeline(withPolicy('ok'));
    expect(inactive.at(0, observation)).toEqual(['inactive', null]);
    expect(inactive.instance).toMatchObject({ health, error });
  });

  it('keep_last: a firing or pending alert keeps its state; others move to the no-data/error state', () => {
    const firing = timeline(withPolicy('keep_last'));
    firing.at(0, breach('P2'));
    expect(firing.at(1 * m, observation)).toEqual(['firing', null]);
    expect(firing.instance).toMatchObject({ health, error, severity: 'P2', since: 0 });
    const pending = timeline(withPolicy('keep_last', { forMs: 5 * m }));
    pending.at(0, breach('P2'));
    expect(pending.at(6 * m, observation)).toEqual(['pending', null]);
    const tl = timeline(withPolicy('keep_last'));
    expect(tl.at(0, observation)).toEqual([state, reason]);
    expect(tl.owed()).toBe(false);
    expect(tl.at(1 * m, observation)).toEqual([state, null]);
    expect(tl.at(2 * m, fine())).toEqual(['inactive', 'condition_cleared']);
    expect(tl.instance).toMatchObject({ health: 'ok', error: null, since: 2 * m });
    tl.at(3 * m, breach('P2'));
    tl.at(4 * m, fine());
    expect(tl.at(5 * m, observation)).toEqual([state, reason]);
    expect(tl.last()?.from).toBe('resolved');
    expect(tl.at(6 * m, breach('P1', 2500))).toEqual(['firing', 'condition_met']);
  });

  it('keep_last: an alert that never fired enters the no-data/error state at the least severe level; one that did keeps its last', () => {
    const fresh = timeline(withPolicy('keep_last'));
    fresh.at(0, observation);
    expect(fresh.instance).toMatchObject({ state, severity: 'P2' });
    expect(fresh.last()?.severity).toBe('P2');
    const single = timeline(withPolicy('keep_last', { levels: [{ severity: 'P1', condition: { kind: 'threshold', metric: 'leaks', op: '>', value: 0, text: 'leaks > 0' } }] }));
    single.at(0, observation);
    expect(single.instance).toMatchObject({ state, severity: 'P1' });
    const stored = { ...newInstance({ fingerprint: 'fp2', rule: rule(), labels: { alertname: 'slow_checkout' }, now: 0 }), state, severity: null };
    expect(step(stored, observation, withPolicy('keep_last'), 1 * m)).toMatchObject({ next: { state, severity: 'P2' }, transition: null });
    const fired = timeline(withPolicy('keep_last'));
    fired.at(0, breach('P1', 2500));
    fired.at(1 * m, fine());
    fired.at(2 * m, observation);
    expect(fired.instance).toMatchObject({ state, severity: 'P1' });
  });

  it('alerting: fires at the least severe level, after for: like a breach', () => {
    const tl = timeline(withPolicy('alerting'));
    expect(tl.at(0, observation)).toEqual(['firing', reason]);
    expect(tl.instance).toMatchObject({ severity: 'P2', health, error, lastBreachAt: 0 });
    expect(tl.owed()).toBe(true);
    expect(tl.at(1 * m, fine())).toEqual(['resolved', 'condition_cleared']);
    const waiting = timeline(withPolicy('alerting', { forMs: 5 * m }));
    expect(waiting.at(0, observation)).toEqual(['pending', reason]);
    expect(waiting.at(5 * m, observation)).toEqual(['firing', reason]);
  });

  it('alerting: a P1 alert drops to the least severe level, a severity change', () => {
    const tl = timeline(withPolicy('alerting'));
    tl.at(0, breach('P1', 2500));
    expect(tl.at(1 * m, observation)).toEqual(['firing', 'severity_changed']);
    expect(tl.instance.severity).toBe('P2');
  });
});

describe('step: one kind of failure after another', () => {
  it('moves between nodata and error with a transition, and updates the message without one', () => {
    const tl = timeline(rule({ noData: 'keep_last', onError: 'keep_last' }));
    expect(tl.at(0, failure)).toEqual(['error', 'evaluation_error']);
    expect(tl.at(1 * m, { kind: 'error', message: 'timeout' })).toEqual(['error', null]);
    expect(tl.instance.error).toBe('timeout');
    expect(tl.at(2 * m, nodata)).toEqual(['nodata', 'no_data']);
    expect(tl.instance).toMatchObject({ health: 'nodata', error: null });
  });
});

describe('acknowledge', () => {
  it('only acknowledges a firing alert, once', () => {
    const tl = timeline(rule({ forMs: 5 * m }));
    expect(tl.ack(0)).toEqual(['inactive', null]);
    tl.at(0, breach('P2'));
    expect(tl.ack(1 * m)).toEqual(['pending', null]);
    expect(tl.instance.acknowledgedBy).toBeNull();
    tl.at(5 * m, breach('P2'));
    expect(tl.ack(6 * m, 'ana')).toEqual(['firing', 'acknowledged']);
    expect(tl.last()).toMatchObject({ from: 'firing', to: 'firing' });
    expect(tl.owed()).toBe(false);
    expect(tl.instance).toMatchObject({ acknowledgedBy: 'ana', acknowledgedAt: 6 * m, since: 5 * m });
    expect(tl.ack(7 * m, 'bo')).toEqual(['firing', null]);
    expect(tl.instance.acknowledgedBy).toBe('ana');
  });

  it('keeps the acknowledgement while firing, clears it on resolve: a new firing is acknowledged again', () => {
    const tl = timeline(rule({ keepFiringForMs: 2 * m }));
    tl.at(0, breach('P2'));
    tl.ack(1 * m);
    tl.at(2 * m, breach('P1', 2500));
    tl.at(3 * m, fine());
    expect(tl.instance).toMatchObject({ state: 'firing', acknowledgedBy: 'ana', acknowledgedAt: 1 * m });
    expect(tl.at(4 * m, fine())).toEqual(['resolved', 'keep_firing_elapsed']);
    expect(tl.instance).toMatchObject({ acknowledgedBy: null, acknowledgedAt: null });
    expect(tl.ack(5 * m)).toEqual(['resolved', null]);
    expect(tl.at(6 * m, breach('P2'))).toEqual(['firing', 'condition_met']);
    expect(tl.instance.acknowledgedBy).toBeNull();
  });
});

describe('owesNotification', () => {
  const t = (from: AlertState, to: AlertState, reason: TransitionReason): Transition =>
    ({ fingerprint: 'fp', rule: 'r', from, to, severity: 'P2', value: 1, at: 0, reason });

  it.each([
    ['inactive', 'firing', 'condition_met', true],
    ['pending', 'firing', 'for_elapsed', true],
    ['nodata', 'firing', 'no_data', true],
    ['firing', 'firing', 'severity_changed', true],
    ['firing', 'resolved', 'condition_cleared', true],
    ['firing', 'resolved', 'keep_firing_elapsed', true],
    ['firing', 'firing', 'acknowledged', false],
    ['inactive', 'pending', 'condition_met', false],
    ['pending', 'inactive', 'condition_cleared', false],
    ['inactive', 'nodata', 'no_data', false],
    ['resolved', 'error', 'evaluation_error', false],
    ['nodata', 'inactive', 'condition_cleared', false],
  ] as const)('%s → %s (%s): %s', (from, to, reason, owed) => {
    expect(owesNotification(t(from, to, reason))).toBe(owed);
  });
});

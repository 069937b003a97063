import { describe, expect, it } from 'vitest';
import { AlertLedger, TIMERS_WRITTEN_EVERY_MS, worthWriting } from './ledger.js';
import type { AggregationGroup, AlertInstance } from './types.js';

const T0 = Date.parse('2026-12-01T12:00:00Z');
const instance = (fingerprint: string, overrides: Partial<AlertInstance> = {}): AlertInstance => ({
  fingerprint, rule: 'down', source: 'rule', labels: { alertname: 'down', host: fingerprint }, annotations: { summary: 'down' }, state: 'firing', severity: 'P2',
  value: 1, since: T0, activeAt: T0, firedAt: T0, resolvedAt: null, lastBreachAt: T0, lastEvaluatedAt: T0, acknowledgedBy: null, acknowledgedAt: null,
  endsAt: null, health: 'ok', error: null, ...overrides,
});
const group = (key: string): AggregationGroup => ({ key, route: 0, labels: {}, createdAt: T0, nextFlushAt: T0, sent: {} });

describe('worthWriting', () => {
  it('ignores a new evaluation time and equal labels in new objects, and sees every other change', () => {
    const a = instance('h1');
    expect(worthWriting(a, { ...a, lastEvaluatedAt: T0 + 60_000, labels: { ...a.labels }, annotations: { ...a.annotations } })).toBe(false);
    expect(worthWriting(a, { ...a, value: 2 })).toBe(true);
    expect(worthWriting(a, { ...a, endsAt: T0 + 1 })).toBe(true);
    expect(worthWriting(a, { ...a, annotations: { summary: 'still down' } })).toBe(true);
    expect(worthWriting(a, { ...a, labels: { alertname: 'down', host: 'h1', severity: 'P1' } })).toBe(true);
    expect(worthWriting(undefined, a)).toBe(true);
  });
});

describe('AlertLedger', () => {
  it('gives a commit only what changed, read from the live state when the commit is taken', () => {
    const ledger = new AlertLedger([instance('h1'), instance('h2')], [group('g1')]);
    ledger.putInstance({ ...instance('h1'), lastEvaluatedAt: T0 + 1 });
    expect(ledger.dirty).toBe(false);
    ledger.putInstance(instance('h2', { value: 5 }));
    ledger.putInstance(instance('h2', { value: 6 }));
    ledger.removeInstance('h1');
    ledger.putGroup(group('g2'));
    ledger.removeGroup('g1');
    const { change } = ledger.take();
    expect(change.instances.map((i) => [i.fingerprint, i.value])).toEqual([['h2', 6]]);
    expect(change.removedInstances).toEqual(['h1']);
    expect(change.groups.map((g) => g.key)).toEqual(['g2']);
    expect(change.removedGroups).toEqual(['g1']);
    expect(ledger.dirty).toBe(false);
  });

  it('gives back a failed commit, written before what changed since, with the newest value', () => {
    const ledger = new AlertLedger([], []);
    ledger.putInstance(instance('h1'));
    ledger.record([{ fingerprint: 'h1', rule: 'down', from: 'inactive', to: 'firing', severity: 'P2', value: 1, at: T0, reason: 'condition_met' }], []);
    const failed = ledger.take();
    ledger.putInstance(instance('h1', { value: 9 }));
    ledger.record([{ fingerprint: 'h1', rule: 'down', from: 'firing', to: 'resolved', severity: 'P2', value: 9, at: T0 + 1, reason: 'condition_cleared' }], []);
    ledger.restore(failed.notes);
    const { change } = ledger.take();
    expect(change.instances.map((i) => i.value)).toEqual([9]);
    expect(change.transitions.map((t) => t.to)).toEqual(['firing', 'resolved']);
  });
});

describe('AlertLedger groups', () => {
  it("writes a quiet group's timers at most once a minute of flushes, and a change of its log at once", () => {
    const first = { ...group('g1'), lastFlushAt: T0 };
    const ledger = new AlertLedger([], [first]);
    let g = first;
    const flushAt = (at: number) => {
      g = { ...g, lastFlushAt: at, nextFlushAt: at + 1_000 };
      ledger.putGroup(g);
      return ledger.take().change.groups.map((x) => x.lastFlushAt);
    };
    expect(flushAt(T0 + 1_000)).toEqual([]);
    expect(flushAt(T0 + TIMERS_WRITTEN_EVERY_MS - 1)).toEqual([]);
    expect(flushAt(T0 + TIMERS_WRITTEN_EVERY_MS)).toEqual([T0 + TIMERS_WRITTEN_EVERY_MS]);
    expect(flushAt(T0 + TIMERS_WRITTEN_EVERY_MS + 1_000)).toEqual([]);
    g = { ...g, lastFlushAt: T0 + TIMERS_WRITTEN_EVERY_MS + 2_000, sent: { hook: { firing: ['a@P1'], resolved: [], at: T0 } } };
    ledger.putGroup(g);
    expect(ledger.take().change.groups.map((x) => x.sent)).toEqual([{ hook: { firing: ['a@P1'], resolved: [], at: T0 } }]);
  });
});

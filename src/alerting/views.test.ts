import { describe, expect, it } from 'vitest';
import { mulberry32, pick } from '../demo/random.js';
import type { InhibitRule } from '../plan/alert-types.js';
import { inhibitedBy } from './match.js';
import type { AlertInstance, Labels, Silence } from './types.js';
import { alertViews, Inhibitor } from './views.js';

const T0 = Date.parse('2026-12-01T12:00:00Z');

function alert(fingerprint: string, labels: Labels, state: AlertInstance['state'] = 'firing'): AlertInstance {
  return {
    fingerprint, rule: labels.alertname ?? 'x', source: 'external', labels, annotations: {}, state, severity: null, value: null, since: T0, activeAt: T0,
    firedAt: T0, resolvedAt: null, lastBreachAt: T0, lastEvaluatedAt: T0, acknowledgedBy: null, acknowledgedAt: null, endsAt: null, health: 'ok', error: null,
  };
}

describe('Inhibitor', () => {
  it('finds exactly what the one-alert-at-a-time rule finds, over random alerts and rules', () => {
    const random = mulberry32(7);
    const rng = (): number => random.next();
    const values = { alertname: ['a', 'b', 'c'], severity: ['P1', 'P2', 'P3'], team: ['x', 'y'], zone: ['eu', 'us'] } as const;
    const names = Object.keys(values) as (keyof typeof values)[];
    for (let round = 0; round < 40; round++) {
      const alerts = Array.from({ length: 60 }, (_, i) => {
        const labels: Record<string, string> = {};
        for (const name of names) if (rng() < 0.8) labels[name] = pick(random, values[name]);
        return alert(`f${i}`, labels, rng() < 0.7 ? 'firing' : 'resolved');
      });
      const rules: InhibitRule[] = Array.from({ length: 1 + Math.floor(rng() * 3) }, () => ({
        source: { [pick(random, names)]: [pick(random, ['a', 'P1', 'x', 'eu'])] },
        target: rng() < 0.2 ? {} : { [pick(random, names)]: [pick(random, ['b', 'P3', 'y', 'us', 'a'])] },
        equal: names.filter(() => rng() < 0.4),
      }));
      const firing = alerts.filter((a) => a.state === 'firing');
      const inhibitor = new Inhibitor(rules, alerts);
      for (const target of alerts) {
        expect(inhibitor.inhibitedBy(target).sort()).toEqual(inhibitedBy(rules, target, firing).sort());
      }
    }
  });

  it('inhibits each of ten thousand targets by the source with the same equal labels', () => {
    const rule: InhibitRule = { source: { severity: ['P1'] }, target: { severity: ['P3'] }, equal: ['host'] };
    const sources = Array.from({ length: 10_000 }, (_, i) => alert(`s${i}`, { severity: 'P1', host: `h${i}` }));
    const targets = Array.from({ length: 10_000 }, (_, i) => alert(`t${i}`, { severity: 'P3', host: `h${i}` }));
    const inhibitor = new Inhibitor([rule], [...sources, ...targets]);
    expect(targets.map((t) => inhibitor.inhibitedBy(t))).toEqual(targets.map((_, i) => [`s${i}`]));
  });
});

describe('alertViews', () => {
  it('names the active silences that match each alert, not pending or expired ones', () => {
    const matchers = [{ name: 'team', value: 'x', isRegex: false, isEqual: true }];
    const silence = (id: string, startsAt: number, endsAt: number): Silence => ({ id, matchers, startsAt, endsAt, createdBy: 'ana', comment: '', updatedAt: T0 });
    const views = alertViews([alert('f1', { team: 'x' }), alert('f2', { team: 'y' })], [silence('on', T0 - 1, T0 + 1), silence('later', T0 + 5, T0 + 9), silence('over', T0 - 9, T0)], [], T0);
    expect(views.map((v) => [v.alert.fingerprint, v.silencedBy])).toEqual([
      ['f1', ['on']],
      ['f2', []],
    ]);
  });
});

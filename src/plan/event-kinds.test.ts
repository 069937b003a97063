/** The plan side of funnel, share of distinct users, nps, max, min, having and any: each key resolved, and its errors naming the field. */
import { describe, expect, it } from 'vitest';
import type { PlanIssue } from './issue.js';
import { loadPlanText, formatPlanError } from './load.js';
import { resolvePlan } from './resolve.js';

const events = {
  signup: { plan: { enum: ['free', 'pro'] } },
  payment: { success: 'boolean', amount: 'number' },
  survey: { score: 'number', platform: { enum: ['ios', 'web'] } },
};

function resolve(metric: Record<string, unknown>): { metric?: unknown; issues: PlanIssue[] } {
  const result = resolvePlan({ version: 1, product: { name: 'p' }, events, metrics: { m: { window: '7d', ...metric } } });
  return result.kind === 'ok' ? { metric: result.plan.metrics[0], issues: [] } : { issues: result.issues };
}
const messages = (found: PlanIssue[]): string[] => found.map((i) => `${i.path.join('.')}: ${i.message}`);
const steps = [{ event: 'signup' }, { event: 'payment', where: { success: true } }];

describe('funnel metrics in the plan', () => {
  it('resolves the steps with their filters, within in milliseconds, from as the first step, the unit as percent', () => {
    expect(resolve({ funnel: { steps, within: '1d' }, target: { green: '>= 20%' }, targets: [{ group: { step: '2 payment' }, green: '> 10' }] }).metric).toMatchObject({
      from: 'signup',
      measure: { kind: 'funnel', withinMs: 86_400_000, steps: [{ event: 'signup', where: [] }, { event: 'payment', where: [{ field: 'success', condition: { op: 'eq', value: true } }] }] },
      unit: 'percent',
      by: [],
      targets: [{ group: { step: '2 payment' } }],
    });
  });

  it('refuses an unknown event or field in a step, a bad within, one step, from, by and an unknown step target, naming the field', () => {
    expect(messages(resolve({ funnel: { steps: [{ event: 'signup' }, { event: 'paid' }], within: '1d' } }).issues)).toEqual(['metrics.m.funnel.steps.1.event: no event "paid" is declared under events (declared: signup, payment, survey)']);
    expect(messages(resolve({ funnel: { steps: [{ event: 'signup', where: { amount: 3 } }, { event: 'payment' }], within: '1d' } }).issues)).toEqual([
      'metrics.m.funnel.steps.0.where.amount: event "signup" has no field "amount" (it has: user_id, session_id, plan)',
    ]);
    expect(messages(resolve({ funnel: { steps, within: '0d' } }).issues)).toEqual(['metrics.m.funnel.within: within must be longer than zero']);
    expect(messages(resolve({ funnel: { steps: [{ event: 'signup' }], within: '1d' } }).issues)).toEqual(['metrics.m.funnel.steps: a funnel needs at least two steps']);
    expect(messages(resolve({ funnel: { steps, within: '1d' }, from: 'signup', by: 'plan' }).issues)).toEqual([
      'metrics.m.from: a funnel reads the events of its steps; it takes no from (a step takes event and where)',
      'metrics.m.by: a funnel reads the events of its steps; it takes no by (a step takes event and where)',
    ]);
    expect(messages(resolve({ funnel: { steps, within: '1d' }, targets: [{ group: { step: '3 payment' }, green: '> 1' }] }).issues)).toEqual([
      'metrics.m.targets.0.group.step: "3 payment" is not a step of this funnel (1 signup, 2 payment)',
    ]);
  });
});

describe('share of distinct users, nps, max and min in the plan', () => {
  it('resolves share with distinct as a share of users, and nps, max and min of a number property', () => {
    expect(resolve({ from: 'survey', share: 'platform', distinct: 'user_id' }).metric).toMatchObject({ measure: { kind: 'share', of: 'platform', distinct: 'user_id' }, by: ['platform'], unit: 'percent' });
    expect(resolve({ from: 'survey', nps: 'score', by: 'platform' }).metric).toMatchObject({ measure: { kind: 'nps', of: 'score' }, by: ['platform'], unit: '' });
    expect(resolve({ from: 'payment', max: 'amount' }).metric).toMatchObject({ measure: { kind: 'max', of: 'amount' } });
    expect(resolve({ from: 'payment', min: 'amount' }).metric).toMatchObject({ measure: { kind: 'min', of: 'amount' } });
  });

  it('refuses nps, max or min of a field that is not a number, or unknown, and a share distinct of an unknown field', () => {
    expect(messages(resolve({ from: 'survey', nps: 'platform' }).issues)).toEqual(['metrics.m.nps: "platform" is a string; nps needs a number property']);
    expect(messages(resolve({ from: 'payment', max: 'success' }).issues)).toEqual(['metrics.m.max: "success" is a boolean; max needs a number property']);
    expect(messages(resolve({ from: 'payment', min: 'price' }).issues)).toEqual(['metrics.m.min: event "payment" has no field "price" (it has: user_id, session_id, success, amount)']);
    expect(messages(resolve({ from: 'survey', share: 'platform', distinct: 'device' }).issues)).toEqual(['metrics.m.distinct: event "survey" has no field "device" (it has: user_id, session_id, score, platform)']);
    expect(messages(resolve({ from: 'payment', max: 'amount', min: 'amount' }).issues)[0]).toContain('this one has max and min');
  });
});

describe('having in the plan', () => {
  it('resolves a count test and a sum test; a bare number means more than it', () => {
    expect(resolve({ from: 'payment', distinct: 'user_id', having: { count: '> 20' } }).metric).toMatchObject({ measure: { kind: 'distinct', field: 'user_id', having: { by: 'count', threshold: { op: '>', value: 20 } } }, unit: 'count' });
    expect(resolve({ from: 'payment', distinct: 'user_id', having: { sum: { of: 'amount', threshold: 100 } } }).metric).toMatchObject({
      measure: { having: { by: 'sum', of: 'amount', threshold: { op: '>', value: 100 } } },
    });
  });

  it('takes by with having: the groups of a distinct count with having', () => {
    const resolved = resolve({ from: 'payment', distinct: 'user_id', having: { count: '> 2' }, by: 'success' });
    expect(resolved.issues).toEqual([]);
    expect(resolved.metric).toMatchObject({ by: ['success'], measure: { kind: 'distinct', having: { by: 'count' } } });
  });

  it('refuses having without distinct, a bad threshold, a sum of a non-number, and per', () => {
    expect(messages(resolve({ from: 'payment', count: true, having: { count: '> 2' } }).issues)).toEqual(['metrics.m.having: having applies to distinct: it keeps the values (users) whose events pass it']);
    expect(messages(resolve({ from: 'payment', distinct: 'user_id', having: { count: 'lots' } }).issues)[0]).toMatch(/^metrics\.m\.having\.count: "lots" is not a threshold/);
    expect(messages(resolve({ from: 'payment', distinct: 'user_id', having: { sum: { of: 'success', threshold: 1 } } }).issues)).toEqual(['metrics.m.having.sum.of: "success" is a boolean; having sum needs a number property']);
    expect(messages(resolve({ from: 'payment', distinct: 'user_id', having: { count: '> 2' }, per: 'session_id' }).issues)).toEqual(['metrics.m.per: per divides a count, sum or distinct count; it cannot apply to distinct']);
  });
});

describe('any: in filters', () => {
  it('resolves any: as an OR of filter lists, in ratio and in where', () => {
    const any = { any: [{ success: true }, { amount: { gt: 5 } }] };
    const expected = [{ any: [[{ field: 'success', condition: { op: 'eq', value: true } }], [{ field: 'amount', condition: { op: 'gt', value: 5 } }]] }];
    expect(resolve({ from: 'payment', ratio: any }).metric).toMatchObject({ measure: { kind: 'ratio', match: expected } });
    expect(resolve({ from: 'payment', count: true, where: any }).metric).toMatchObject({ where: expected });
  });

  it('checks the fields inside any:, and refuses filter maps under another key, at file:line:col', () => {
    expect(messages(resolve({ from: 'payment', ratio: { any: [{ success: 'yes' }] } }).issues)).toEqual(['metrics.m.ratio.any.0.success: "success" is a boolean, but "yes" is a string']);
    expect(messages(resolve({ from: 'payment', count: true, where: { amount: [{ success: true }] } }).issues)).toEqual([
      'metrics.m.where.amount: a list of filter maps is only allowed under any:; "amount" takes a value, a list of values or a comparison',
    ]);
    const text = ['version: 1', 'product: { name: p }', 'events:', '  payment: { success: boolean }', 'metrics:', '  m:', '    from: payment', '    ratio: { any: [ { succes: true } ] }', '    window: 1d', ''].join('\n');
    const result = loadPlanText(text, 'plan.yaml', {});
    expect(result.kind === 'invalid' ? result.errors.map(formatPlanError) : []).toEqual(['plan.yaml:8:23: metrics.m.ratio.any.0.succes: event "payment" has no field "succes" (it has: user_id, session_id, success)']);
  });
});

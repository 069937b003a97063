import { describe, expect, it } from 'vitest';
import { parseCriterion } from './criterion.js';
import { formatPlanError, loadPlanText } from './load.js';

const SLOS = [{ id: 'checkout_availability', objective: 0.995 }];

describe('criteria naming an SLO', () => {
  it('reads slo(x) met as the SLI at or above the objective', () => {
    expect(parseCriterion('slo(checkout_availability) met', [], SLOS)).toEqual({
      kind: 'ok',
      criterion: { text: 'slo(checkout_availability) met', subject: { kind: 'slo', slo: 'checkout_availability', figure: 'sli' }, op: '>=', value: 0.995, overMs: null },
    });
    const over = parseCriterion('slo( checkout_availability ) met over 30d', [], SLOS);
    expect(over.kind === 'ok' && over.criterion.overMs).toBe(30 * 86_400_000);
  });

  it('reads budget(x) and slo(x) compared with a value', () => {
    expect(parseCriterion('budget(checkout_availability) >= 50%', [], SLOS)).toMatchObject({
      kind: 'ok',
      criterion: { subject: { kind: 'slo', slo: 'checkout_availability', figure: 'budget' }, op: '>=', value: 0.5 },
    });
    expect(parseCriterion('slo(checkout_availability) > 99.9% over 7d', [], SLOS)).toMatchObject({
      kind: 'ok',
      criterion: { subject: { figure: 'sli' }, op: '>', value: 0.999, overMs: 7 * 86_400_000 },
    });
  });

  it('refuses an SLO that is not declared, naming those that are', () => {
    expect(parseCriterion('slo(checkout) met', [], SLOS)).toEqual({ kind: 'invalid', reason: 'no SLO "checkout" is declared under slos (declared: checkout_availability)' });
    expect(parseCriterion('budget(nope) >= 10%', [], [])).toEqual({ kind: 'invalid', reason: 'no SLO "nope" is declared under slos (declared: none)' });
    expect(parseCriterion('slo(checkout_availability) met over soon', [], SLOS).kind).toBe('invalid');
  });

  it('reports an unknown SLO in a plan at the criterion’s file:line:col', () => {
    const text = [
      'version: 1',
      'product: { name: shop }',
      'events:',
      '  api_request: { status: number }',
      'slos:',
      '  avail: { objective: 99.5%, window: 30d, sli: { events: api_request, good: { status: { lt: 500 } } } }',
      'success_criteria:',
      '  must: [ "slo(avail) met", "budget(availability) >= 50%" ]',
    ].join('\n');
    const result = loadPlanText(text, 'plan.yaml', {});
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.errors.map(formatPlanError)).toEqual([
      'plan.yaml:8:29: success_criteria.must.1: no SLO "availability" is declared under slos (declared: avail)',
    ]);
  });
});

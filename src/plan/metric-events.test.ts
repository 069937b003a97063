import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';
import { metricEventTypes } from './metric-events.js';
import type { MetricSpec } from './types.js';

const plan = `version: 1
product: { name: p }
events:
  signup: { plan: string }
  checkout: { amount: number }
  payment: { success: boolean }
  visit: {}
metrics:
  signups: { from: signup, count: true, window: 1d }
  visitors: { from: visit, distinct: user_id, window: 1d }
  to_paid:
    funnel:
      steps: [{ event: signup }, { event: checkout }, { event: payment, where: { success: true } }]
      within: 1d
    window: 7d
  per_visitor: { formula: "signups / visitors" }
  paid_per_visitor: { formula: "to_paid * per_visitor" }
  incidents_open: { incidents: { figure: open }, window: 1d }
`;

function metrics(): readonly MetricSpec[] {
  const result = loadPlanText(plan, 'plan.yaml', {});
  if (result.kind === 'invalid') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan.metrics;
}

describe('the event types a metric reads', () => {
  it('is the type it is measured from', () => {
    expect(metricEventTypes(metrics(), 'signups')).toEqual(['signup']);
  });

  it("is every step's type for a funnel, not only the first step's", () => {
    expect(metricEventTypes(metrics(), 'to_paid').sort()).toEqual(['checkout', 'payment', 'signup']);
  });

  it("is its operands' types for a formula, through formulas of formulas", () => {
    expect(metricEventTypes(metrics(), 'per_visitor').sort()).toEqual(['signup', 'visit']);
    expect(metricEventTypes(metrics(), 'paid_per_visitor').sort()).toEqual(['checkout', 'payment', 'signup', 'visit']);
  });

  it('is none for a metric not measured over events, or one not in the plan', () => {
    expect(metricEventTypes(metrics(), 'incidents_open')).toEqual([]);
    expect(metricEventTypes(metrics(), 'nope')).toEqual([]);
  });
});

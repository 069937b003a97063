import { describe, expect, it } from 'vitest';
import type { PlanIssue } from './issue.js';
import { resolvePlan } from './resolve.js';

const events = { run: { success: 'boolean' } };

function resolve(metric: Record<string, unknown>): { metric?: unknown; issues: PlanIssue[] } {
  const result = resolvePlan({ version: 1, product: { name: 'p' }, events, metrics: { r: { from: 'run', window: '7d', ...metric } } });
  return result.kind === 'ok' ? { metric: result.plan.metrics[0], issues: [] } : { issues: result.issues };
}
const messages = (found: PlanIssue[]): string[] => found.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('retention metrics in the plan', () => {
  it('resolves after as milliseconds, the unit as percent', () => {
    expect(resolve({ retention: { after: '7d' }, where: { success: true } }).metric).toMatchObject({ measure: { kind: 'retention', afterMs: 7 * 86_400_000 }, unit: 'percent', by: [] });
  });

  it('refuses a bad or zero after, an unknown key, by, per and a second measure, naming the field', () => {
    expect(messages(resolve({ retention: { after: 'a week' } }).issues)).toEqual(['metrics.r.retention.after: "a week" is not a duration (expected a number and a unit: ms, s, m, h, d or w, e.g. 30s, 5m, 24h, 7d)']);
    expect(messages(resolve({ retention: { after: '0d' } }).issues)).toEqual(['metrics.r.retention.after: after must be longer than zero']);
    expect(messages(resolve({ retention: { after: '7d', every: '1w' } }).issues)[0]).toMatch(/^metrics\.r\.retention/);
    expect(messages(resolve({ retention: { after: '7d' }, by: 'success' }).issues)).toEqual(['metrics.r.by: a retention metric has no groups; by is not allowed with retention']);
    expect(messages(resolve({ retention: { after: '7d' }, per: 'user_id' }).issues)).toEqual(['metrics.r.per: per divides a count, sum or distinct count; it cannot apply to retention']);
    expect(messages(resolve({ retention: { after: '7d' }, count: true }).issues)[0]).toContain('this one has count and retention');
  });
});

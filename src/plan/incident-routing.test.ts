import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';

const plan = (rest: string): string => `
version: 1
product: { name: p }
events:
  req: { ms: number }
metrics:
  lat: { from: req, mean: ms, window: 1m, unit: ms }
channels:
  hook: { type: webhook, url: "http://127.0.0.1:9/hook" }
people:
  ana: { channels: [hook] }
escalation:
  default: [ { notify: person:ana } ]
${rest}`;

describe('incident: on alert rules and escalation: on routes', () => {
  it('reads both', () => {
    const result = loadPlanText(
      plan(`
alerts:
  - { name: a, when: lat > 1, incident: SEV2 }
  - { name: b, when: lat > 1, incident: false }
routing:
  routes: [ { match: { severity: P1 }, escalation: default } ]
`),
      'p.yaml',
      {},
    );
    if (result.kind === 'invalid') throw new Error(result.errors.map(formatPlanError).join('\n'));
    expect(result.plan.alerts.map((r) => r.incident)).toEqual(['SEV2', false]);
    expect(result.plan.routing.routes[0]).toMatchObject({ escalation: 'default', channels: [] });
  });

  it('refuses an unknown policy, a route with neither channels nor a policy, and a bad severity', () => {
    const result = loadPlanText(
      plan(`
alerts:
  - { name: a, when: lat > 1, incident: SEV9 }
routing:
  routes: [ { match: { severity: P2 } } ]
`),
      'p.yaml',
      {},
    );
    expect(result.kind).toBe('invalid');
    const text = result.kind === 'invalid' ? result.errors.map(formatPlanError).join('\n') : '';
    expect(text).toContain('a route needs channels, an escalation policy, or both');
    expect(text).toContain('alerts.0.incident');
    const unknown = loadPlanText(plan(`routing:\n  routes: [ { escalation: dflt } ]\n`), 'p.yaml', {});
    const errors = unknown.kind === 'invalid' ? unknown.errors.map(formatPlanError).join('\n') : '';
    expect(errors).toContain('routing.routes.0.escalation: no escalation policy "dflt" is declared under escalation (declared: default)');
  });
});

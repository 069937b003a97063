/** The plan's privacy section and the built-in events: defaults, meaning, errors with file:line:col. */
import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';
import { BUILTIN_EVENTS, storedEvents } from './privacy.js';
import type { Plan } from './types.js';

/** Lines 1-4; what follows starts on line 5. */
const HEADER = ['version: 1', 'product: { name: caro }', 'events:', '  deploy: { commit: string, ok: boolean }', ''].join('\n');

function load(text: string, env: Record<string, string> = {}): Plan {
  const result = loadPlanText(HEADER + text, 'plan.yaml', env);
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

function errors(text: string): string[] {
  const result = loadPlanText(HEADER + text, 'plan.yaml', {});
  if (result.kind !== 'invalid') throw new Error('expected the plan to be rejected');
  return result.errors.map(formatPlanError);
}

const D = 86_400_000;

describe('privacy in the plan', () => {
  it('defaults: ingest open, user_id reject, everything kept, both built-in events', () => {
    const plan = load('');
    expect(plan.privacy).toEqual({
      ingest: { paused: false },
      userId: 'reject',
      retention: { eventsMs: null, samplesMs: null, alertsMs: null },
      ids: {},
      events: BUILTIN_EVENTS,
    });
    expect(Object.keys(plan.events)).toEqual(['deploy']);
    expect(Object.keys(storedEvents(plan)).sort()).toEqual(['deploy', 'launchwatch_redaction', 'telemetry_consent']);
  });

  it('reads the switch, the policy with its salt from the environment, retention and ids', () => {
    const plan = load(
      [
        'privacy:',
        '  ingest: paused',
        '  pause_reason: PII report under investigation',
        '  user_id: hash',
        '  salt: ${LAUNCHWATCH_SALT}',
        '  retention: { events: 90d, samples: forever, alerts: 180d }',
        '  ids: [deploy.commit]',
      ].join('\n'),
      { LAUNCHWATCH_SALT: 'a-long-secret-salt-0123456789' },
    );
    expect(plan.privacy).toMatchObject({
      ingest: { paused: true, reason: 'PII report under investigation' },
      userId: 'hash',
      salt: 'a-long-secret-salt-0123456789',
      retention: { eventsMs: 90 * D, samplesMs: null, alertsMs: 180 * D },
      ids: { deploy: ['commit'] },
    });
  });

  it('lets metrics and alert rules read the built-in events', () => {
    const plan = load(
      [
        'metrics:',
        '  pii_redactions: { from: launchwatch_redaction, sum: count, by: kind, window: 1h, target: { green: "<= 0" } }',
        '  opt_out_rate: { from: telemetry_consent, ratio: { choice: opt_out }, window: 7d }',
        'alerts:',
        '  - { name: pii_leak, when: "pii_redactions > 0", severity: P1 }',
      ].join('\n'),
    );
    expect(plan.metrics.map((m) => m.id)).toEqual(['pii_redactions', 'opt_out_rate']);
    expect(plan.alerts.map((a) => a.name)).toEqual(['pii_leak']);
  });

  it('keeps a plan’s own telemetry_consent instead of the built-in one', () => {
    expect(load('').privacy.events.telemetry_consent).toBeDefined();
    const own = loadPlanText('version: 1\nproduct: { name: x }\nevents:\n  telemetry_consent: { enabled: boolean }\n', 'plan.yaml', {});
    if (own.kind !== 'ok') throw new Error('expected ok');
    expect(own.plan.privacy.events.telemetry_consent).toBeUndefined();
    expect(storedEvents(own.plan).telemetry_consent?.properties).toEqual({ enabled: { type: 'boolean', optional: false } });
  });

  it('reports each error at its line', () => {
    expect(errors(['privacy:', '  user_id: hash', '  retention: { events: 30m, samples: soon }', '  ids: [deploy.ok, nope]', '  colour: red'].join('\n'))).toEqual([
      'plan.yaml:8:20: privacy.ids.1: expected event.property, e.g. deploy.commit',
      'plan.yaml:9:3: privacy.colour: unknown key "colour"',
    ]);
    expect(errors(['privacy:', '  user_id: hash', '  retention: { events: 30m, samples: soon }', '  ids: [deploy.ok]'].join('\n'))).toEqual([
      'plan.yaml:6:12: privacy.user_id: hash needs privacy.salt, a secret from the environment (salt: ${LAUNCHWATCH_SALT})',
      'plan.yaml:7:24: privacy.retention.events: retention must be at least 1h (or forever)',
      'plan.yaml:7:38: privacy.retention.samples: "soon" is not a duration (expected a number and a unit: ms, s, m, h, d or w, e.g. 30s, 5m, 24h, 7d)',
      'plan.yaml:8:9: privacy.ids.0: "deploy.ok" is not a string property of a declared event',
    ]);
  });

  it('refuses a plan that declares launchwatch_redaction', () => {
    const result = loadPlanText('version: 1\nproduct: { name: x }\nevents:\n  launchwatch_redaction: { kind: string }\n', 'plan.yaml', {});
    expect(result.kind === 'invalid' ? result.errors.map(formatPlanError) : []).toEqual([
      'plan.yaml:4:3: events.launchwatch_redaction: "launchwatch_redaction" is a built-in event written by launchwatch; remove it from events',
    ]);
  });
});

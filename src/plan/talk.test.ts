/** incidents.announce, incidents.stakeholders and status_page in the plan: defaults, meaning, errors with file:line:col. */
import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';
import type { Plan } from './types.js';

/** Lines 1-10; what follows starts on line 11. */
const HEADER = [
  'version: 1',
  'product: { name: caro }',
  'events:',
  '  gen: { success: boolean }',
  'channels:',
  '  team: { type: slack, webhook_url: "https://hooks.slack.com/services/T/B/X" }',
  '  mail: { type: email, to: [a@example.com], from: lw@example.com, smtp: { host: localhost, port: 25 } }',
  'components:',
  '  api: API',
  'people: { ana: { slack_id: U024BE7LH } }',
  '',
].join('\n');

function load(text: string): Plan {
  const result = loadPlanText(HEADER + text, 'plan.yaml', {});
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

function errors(text: string): string[] {
  const result = loadPlanText(HEADER + text, 'plan.yaml', {});
  if (result.kind !== 'invalid') throw new Error('expected the plan to be rejected');
  return result.errors.map(formatPlanError);
}

describe('incident talk and the status page in the plan', () => {
  it('is off by default', () => {
    const plan = load('');
    expect(plan.incidentTalk).toEqual({ announce: null, stakeholders: null });
    expect(plan.statusPage).toEqual({ subscribers: null, maintenance: [] });
    expect(plan.people.ana?.slackId).toBe('U024BE7LH');
  });

  it('reads announcements, stakeholder updates, subscribers and maintenance', () => {
    const plan = load(
      [
        'incidents:',
        '  announce: { channels: [team] }',
        '  stakeholders: { channels: [mail], every: 1h, severities: [SEV1, SEV2] }',
        'status_page:',
        '  subscribers: { email: mail }',
        '  maintenance:',
        '    - { components: [api], from: "2026-12-10T02:00:00Z", to: "2026-12-10T04:00:00+01:00", message: Upgrade }',
      ].join('\n'),
    );
    expect(plan.incidentTalk.announce).toEqual({ channels: ['team'], on: ['declared', 'severity_changed', 'status_update', 'resolved'] });
    expect(plan.incidentTalk.stakeholders).toEqual({ channels: ['mail'], everyMs: 3_600_000, severities: ['SEV1', 'SEV2'] });
    expect(plan.statusPage.subscribers).toEqual({ emailChannel: 'mail', webhooks: false, confirmWithinMs: 48 * 3_600_000 });
    expect(plan.statusPage.maintenance).toEqual([{ id: 'plan-1', components: ['api'], from: Date.parse('2026-12-10T02:00:00Z'), to: Date.parse('2026-12-10T03:00:00Z'), message: 'Upgrade' }]);
  });

  it('says where a key is wrong', () => {
    expect(
      errors(
        [
          'incidents:',
          '  announce: { channels: [nope], on: [paged] }',
          '  stakeholders: { channels: [team], every: 10s }',
          'status_page:',
          '  subscribers: { email: team }',
          '  maintenance:',
          '    - { components: [web], from: "2026-12-10T02:00:00Z", to: "2026-12-10T01:00:00Z", message: x }',
        ].join('\n'),
      ),
    ).toEqual([
      'plan.yaml:12:38: incidents.announce.on.0: Invalid option: expected one of "declared"|"severity_changed"|"status_update"|"resolved"',
      'plan.yaml:13:44: incidents.stakeholders.every: stakeholder updates can be at most once a minute (every: 1m or longer)',
      'plan.yaml:15:25: status_page.subscribers.email: "team" is not an e-mail channel under channels (e-mail channels: mail)',
      'plan.yaml:17:22: status_page.maintenance.0.components.0: no component "web" is declared under components (declared: api)',
      'plan.yaml:17:62: status_page.maintenance.0.to: a maintenance window ends after it starts (from 2026-12-10T02:00:00Z)',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { messageTemplateProblems } from './channels.js';
import { formatPlanError, loadPlanText } from './load.js';

const HEAD = ['version: 1', 'product: { name: x }', 'events:', '  e: { ok: boolean }', 'metrics:', '  m: { from: e, count: true, window: 1h }', 'channels:'];

function load(channelLines: readonly string[], env: Record<string, string> = {}) {
  return loadPlanText([...HEAD, ...channelLines, ''].join('\n'), 'plan.yaml', env);
}

function errors(channelLines: readonly string[], env: Record<string, string> = {}): string[] {
  const result = load(channelLines, env);
  return result.kind === 'invalid' ? result.errors.map(formatPlanError) : [];
}

const TWILIO_ENV = { TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_AUTH_TOKEN: 'secret-token-123456' };

describe('the Teams, Discord, SMS and voice channels in the plan', () => {
  it('reads each with its defaults, the Twilio credentials from the environment', () => {
    const result = load(
      [
        '  ops_teams: { type: teams, webhook_url: "https://example.webhook.office.com/workflows/1" }',
        '  ops_discord: { type: discord, webhook_url: "https://discord.com/api/webhooks/1/t", username: launchwatch }',
        '  oncall_sms: { type: sms, to: "+14155550100", from: "+14155550199", account_sid: "${TWILIO_ACCOUNT_SID}", auth_token: "${TWILIO_AUTH_TOKEN}" }',
        '  oncall_phone: { type: voice, to: "+14155550100", from: "+14155550199", account_sid: "${TWILIO_ACCOUNT_SID}", auth_token: "${TWILIO_AUTH_TOKEN}", api_url: "http://127.0.0.1:9/" }',
      ],
      TWILIO_ENV,
    );
    expect(result.kind).toBe('ok');
    const channels = result.kind === 'ok' ? result.plan.channels : {};
    expect(channels.ops_teams).toEqual({ name: 'ops_teams', type: 'teams', webhookUrl: 'https://example.webhook.office.com/workflows/1', sendResolved: true, templates: {} });
    expect(channels.ops_discord).toMatchObject({ type: 'discord', username: 'launchwatch', sendResolved: true });
    expect(channels.oncall_sms).toMatchObject({ type: 'sms', accountSid: TWILIO_ENV.TWILIO_ACCOUNT_SID, authToken: TWILIO_ENV.TWILIO_AUTH_TOKEN, apiUrl: 'https://api.twilio.com', sendResolved: true });
    expect(channels.oncall_phone).toMatchObject({ type: 'voice', apiUrl: 'http://127.0.0.1:9', sendResolved: false });
  });

  it('refuses a number that is not E.164 and an account SID that is not one, at file:line:col', () => {
    const found = errors(['  s: { type: sms, to: "4155550100", from: "+14155550199", account_sid: "nope", auth_token: t }']);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^plan\.yaml:8:\d+: channels\.s\.to: a phone number in E\.164 form/);
    expect(found[1]).toMatch(/^plan\.yaml:8:\d+: channels\.s\.account_sid: a Twilio account SID/);
  });

  it('lists the new types when a type is unknown', () => {
    expect(errors(['  x: { type: telegram }'])[0]).toMatch(/teams, discord, sms, voice/);
  });
});

describe('channel message templates', () => {
  it('accept the names, labels, annotations, group labels and links', () => {
    expect(messageTemplateProblems('{{ status }} {{title}} {{ severity }} {{ value }} {{ count }} {{ product }} {{ alertname }} {{ summary }}')).toEqual([]);
    expect(messageTemplateProblems('{{ labels.team }} {{ annotations.description }} {{ group.backend }} {{ links.alert }} {{ links.runbook }} {{ links.launchwatch }}')).toEqual([]);
  });

  it('name an unknown placeholder or link', () => {
    expect(messageTemplateProblems('{{ links.grafana }}')).toEqual(['{{ links.grafana }}: there is no link "grafana" (links: alert, runbook, launchwatch)']);
    expect(messageTemplateProblems('{{ .Status }} {{ metric }} {{ labels }}')).toHaveLength(3);
  });

  it('are checked at plan load, each error at its file:line:col', () => {
    expect(
      errors([
        '  team:',
        '    type: slack',
        '    webhook_url: "https://hooks.slack.com/services/T/B/X"',
        '    title: "{{ severity }} {{ alertname }}"',
        '    text: "{{ annotations.summary }} {{ value }} {{ nonsense }}"',
        '  room: { type: teams, webhook_url: "https://example.com/hook", title: "{{ $labels.x }}" }',
      ]),
    ).toEqual([
      'plan.yaml:12:11: channels.team.text: {{ nonsense }} is not a placeholder of a channel template (use status, title, severity, value, count, product, alertname, summary, or labels.<name>, annotations.<name>, group.<name>, links.<alert|runbook|launchwatch>)',
      expect.stringMatching(/^plan\.yaml:13:\d+: channels\.room\.title: \{\{ \$labels\.x \}\} is not a placeholder/),
    ]);
  });

  it('are not taken by channels that send structured data (webhook, pagerduty)', () => {
    expect(errors(['  w: { type: webhook, url: "https://example.com", title: x }'])[0]).toMatch(/channels\.w\.title: unknown key "title"/);
  });
});

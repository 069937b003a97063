/** Plan errors that help: the cause and not its knock-ons, what to write instead, the valid choices, unset variables as warnings. */
import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText, thresholdHint, type LoadOptions } from './load.js';

const BASE = `version: 1
product: { name: shop }
events:
  checkout: { ok: boolean }
metrics:
  checkout_success: { from: checkout, ratio: { ok: true }, window: 1h, target: { green: ">= 90%" } }
  checkouts: { from: checkout, count: true, window: 1h }
alerts:
  - { name: checkout_failing, when: checkout_success < 80% }
success_criteria:
  must: [ "checkout_success >= 80%" ]
reports:
  summary: [ checkout_success ]
`;

function errors(text: string, env: Record<string, string> = {}, options: LoadOptions = {}): string[] {
  const result = loadPlanText(text, 'plan.yaml', env, options);
  return result.kind === 'ok' ? [] : result.errors.map(formatPlanError);
}

describe('plan errors that help', () => {
  it('reports a metric with an error of its own once, not again as missing where rules, criteria and reports name it', () => {
    expect(errors(BASE.replace('">= 90%"', '">= 9x%"'))).toEqual([expect.stringMatching(/^plan\.yaml:6:\d+: metrics\.checkout_success\.target\.green: ">= 9x%" is not a threshold/)]);
    // A metric reading an event with an error: the event's error only.
    expect(errors(BASE.replace('{ ok: boolean }', '{ ok: bool }'))).toEqual([expect.stringMatching(/^plan\.yaml:4:\d+: events\.checkout\.ok: expected a property type/)]);
    // A metric that is not declared at all is still missing.
    expect(errors(BASE.replace('when: checkout_success < 80%', 'when: checkout_rate < 80%'))).toEqual([expect.stringContaining('alerts.0.when: no metric "checkout_rate" in the plan (metrics: checkout_success, checkouts)')]);
  });

  it('says to quote a threshold YAML cannot read unquoted, in flow and block style', () => {
    expect(errors(BASE.replace('">= 90%"', '>= 90%'))).toEqual(['plan.yaml:6:89: Plain value cannot start with block scalar indicator >: quote the threshold: green: ">= 90%"']);
    const block = BASE.replace('  checkouts: { from: checkout, count: true, window: 1h }', '  checkouts:\n    from: checkout\n    count: true\n    target:\n      green: >= 100');
    expect(errors(block)).toEqual([expect.stringMatching(/^plan\.yaml:11:\d+: .*: quote the threshold: green: ">= 100"$/)]);
    expect(thresholdHint('a: { yellow: >5m }', 13)).toBe('quote the threshold: yellow: ">5m"');
    expect(thresholdHint('a: >- folded', 3)).toBeUndefined();
  });

  it('lists the valid channel types for an unknown one', () => {
    expect(errors(`${BASE}channels:\n  x: { type: telegram, url: "http://a" }\n`)).toEqual(['plan.yaml:15:14: channels.x.type: expected a channel type: webhook, slack, pagerduty, email, teams, discord, sms, voice']);
  });

  it('with missingEnv warn, reports unset variables as warnings and checks the rest of the plan', () => {
    const plan = `${BASE}ingest: { keys: [ { name: cli, key: "\${SHOP_KEY}" } ] }\nchannels:\n  team: { type: slack, webhook_url: "\${SLACK_WEBHOOK_URL}" }\n  mail: { type: email, to: "\${MAIL_TO}", from: ops@example.com, smtp: { host: localhost } }\n`;
    expect(errors(plan)).toHaveLength(3);
    const warned = loadPlanText(plan, 'plan.yaml', {}, { missingEnv: 'warn' });
    expect(warned.warnings?.map(formatPlanError)).toEqual([
      'plan.yaml:14:37: environment variable SHOP_KEY is not set (write ${SHOP_KEY:-default} to give a default)',
      'plan.yaml:16:37: environment variable SLACK_WEBHOOK_URL is not set (write ${SLACK_WEBHOOK_URL:-default} to give a default)',
      'plan.yaml:17:28: environment variable MAIL_TO is not set (write ${MAIL_TO:-default} to give a default)',
    ]);
    // MAIL_TO's stand-in is no e-mail address: that is the warning's, not an error of the plan.
    expect(warned.kind === 'invalid' ? warned.errors : []).toEqual([]);
    // Real errors are still found.
    expect(errors(plan.replace('count: true', 'count: yes'), {}, { missingEnv: 'warn' })).toEqual([expect.stringContaining('metrics.checkouts.count')]);
    expect(loadPlanText(plan.replace('"${MAIL_TO}"', 'ops@example.com'), 'plan.yaml', {}, { missingEnv: 'warn' }).kind).toBe('ok');
  });
});

import { describe, expect, it } from 'vitest';
import { redact, secretsOf } from './redact.js';

describe('secretsOf / redact', () => {
  it('finds the URLs, their token parts, header values and keys of a channel', () => {
    const slack = secretsOf({ name: 'team-slack', type: 'slack', webhookUrl: 'https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx', sendResolved: true });
    expect(slack).toEqual(expect.arrayContaining(['https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx', 'abcdefghijklmnopqrstuvwx', 'T0123ABCD']));
    expect(slack).not.toContain('team-slack');
    const hook = secretsOf({ name: 'w', type: 'webhook', url: 'https://user:pa55word@example.com/in?token=qwertyuiop', headers: { authorization: 'Bearer zxcvbnm123' }, sendResolved: false });
    expect(hook).toEqual(expect.arrayContaining(['pa55word', 'qwertyuiop', 'Bearer zxcvbnm123']));
    expect(secretsOf({ name: 'pd', type: 'pagerduty', routingKey: '0123456789abcdef0123456789abcdef', url: 'https://events.pagerduty.com/v2/enqueue', sendResolved: true })).toContain('0123456789abcdef0123456789abcdef');
  });

  it('replaces every occurrence, longest secret first', () => {
    expect(redact('key abcdefgh and abcdefgh-long, abcdefgh', ['abcdefgh', 'abcdefgh-long'])).toBe('key [redacted] and [redacted], [redacted]');
    expect(redact('nothing here', [])).toBe('nothing here');
  });
});

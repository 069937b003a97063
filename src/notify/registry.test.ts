import { describe, expect, it } from 'vitest';
import type { ChannelSpec } from '../plan/alert-types.js';
import { CONTEXT } from './fixtures.js';
import { createNotifier, NOTIFIERS } from './registry.js';

const CHANNELS: ChannelSpec[] = [
  { name: 'w', type: 'webhook', url: 'http://127.0.0.1:9/hook', headers: {}, sendResolved: true },
  { name: 's', type: 'slack', webhookUrl: 'http://127.0.0.1:9/slack', sendResolved: true },
  { name: 'p', type: 'pagerduty', routingKey: 'k', url: 'http://127.0.0.1:9/v2/enqueue', sendResolved: true },
  { name: 't', type: 'teams', webhookUrl: 'http://127.0.0.1:9/teams', sendResolved: true, templates: {} },
  { name: 'd', type: 'discord', webhookUrl: 'http://127.0.0.1:9/discord', sendResolved: true, templates: {} },
  { name: 'm', type: 'sms', to: '+14155550100', from: '+14155550199', accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'token', apiUrl: 'http://127.0.0.1:9', sendResolved: true, templates: {} },
  { name: 'v', type: 'voice', to: '+14155550100', from: '+14155550199', accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'token', apiUrl: 'http://127.0.0.1:9', sendResolved: false, templates: {} },
  { name: 'e', type: 'email', to: ['a@example.com'], from: 'b@example.com', smtp: { host: '127.0.0.1', port: 9, secure: false }, sendResolved: true },
];

describe('the channel registry', () => {
  it('has one factory per channel type, and builds a notifier for each', () => {
    expect(Object.keys(NOTIFIERS).sort()).toEqual(['discord', 'email', 'pagerduty', 'slack', 'sms', 'teams', 'voice', 'webhook']);
    for (const channel of CHANNELS) expect(typeof createNotifier(channel, CONTEXT).send).toBe('function');
  });
});

import { describe, expect, it } from 'vitest';
import type { ChannelSpec } from '../plan/alert-types.js';
import { CONTEXT } from './fixtures.js';
import { createNotifier, NOTIFIERS } from './registry.js';

const CHANNELS: ChannelSpec[] = [
  { name: 'w', type: 'webhook', url: 'http://127.0.0.1:9/hook', headers: {}, sendResolved: true },
  { name: 's', type: 'slack', webhookUrl: 'http://127.0.0.1:9/slack', sendResolved: true },
  { name: 'p', type: 'pagerduty', routingKey: 'k', url: 'http://127.0.0.1:9/v2/enqueue', sendResolved: true },
  { name: 'e', type: 'email', to: ['a@example.com'], from: 'b@example.com', smtp: { host: '127.0.0.1', port: 9, secure: false }, sendResolved: true },
];

describe('the channel registry', () => {
  it('has one factory per channel type, and builds a notifier for each', () => {
    expect(Object.keys(NOTIFIERS).sort()).toEqual(['email', 'pagerduty', 'slack', 'webhook']);
    for (const channel of CHANNELS) expect(typeof createNotifier(channel, CONTEXT).send).toBe('function');
  });
});

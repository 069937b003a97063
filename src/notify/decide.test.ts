import { describe, expect, it } from 'vitest';
import type { ChannelSpec } from '../plan/alert-types.js';
import { dispose, forChannel } from './decide.js';
import { alert, notification, resolvedNotification, T0 } from './fixtures.js';

const slack = (sendResolved: boolean): ChannelSpec => ({ name: 'team', type: 'slack', webhookUrl: 'http://x', sendResolved });

describe('forChannel', () => {
  it('sends everything to a channel with send_resolved on', () => {
    const n = resolvedNotification();
    expect(forChannel(n, slack(true))).toEqual({ kind: 'send', request: n });
  });

  it('sends only firing alerts, and nothing for a resolved group, with send_resolved off', () => {
    expect(forChannel(resolvedNotification(), slack(false))).toEqual({ kind: 'skip', reason: 'resolved notifications are off for this channel (send_resolved: false)' });
    const mixed = notification({ alerts: [alert(), alert({ fingerprint: 'old', status: 'resolved', endsAt: T0 })] });
    const delivery = forChannel(mixed, slack(false));
    expect(delivery.kind === 'send' && delivery.request.alerts.map((a) => a.fingerprint)).toEqual(['a1b2c3d4e5f60718']);
    const ack = resolvedNotification({ kind: 'acknowledge' });
    expect(forChannel(ack, slack(false))).toEqual({ kind: 'send', request: ack });
  });
});

describe('dispose', () => {
  const base = { attempts: 1, createdAt: T0, now: T0, giveUpAfterMs: 60_000, random: () => 0.5 };

  it('keeps sent and failed, schedules a retry, and fails a retry past the deadline', () => {
    expect(dispose({ ...base, outcome: { kind: 'sent' } })).toEqual({ kind: 'sent' });
    expect(dispose({ ...base, outcome: { kind: 'failed', reason: 'webhook answered 400' } })).toEqual({ kind: 'failed', reason: 'webhook answered 400' });
    expect(dispose({ ...base, outcome: { kind: 'retry', reason: 'webhook answered 503' } })).toEqual({ kind: 'retry', at: T0 + 1_000, reason: 'webhook answered 503' });
    expect(dispose({ ...base, outcome: { kind: 'retry', reason: 'webhook answered 429', retryAfterMs: 20_000 } })).toEqual({ kind: 'retry', at: T0 + 20_000, reason: 'webhook answered 429' });
    expect(dispose({ ...base, attempts: 4, now: T0 + 59_000, outcome: { kind: 'retry', reason: 'webhook answered 503' } })).toEqual({
      kind: 'failed',
      reason: 'gave up after 4 attempts: webhook answered 503',
    });
  });
});

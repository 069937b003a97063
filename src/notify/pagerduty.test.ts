import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { alert, CONTEXT, notification, resolvedNotification, startReceiver, T0, type Receiver } from './fixtures.js';
import { createPagerDutyNotifier, dedupKey, pagerDutyEvent, type PagerDutyChannel } from './pagerduty.js';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdef012345';

/** PagerDuty Events API v2 (developer docs, "Send an Alert Event"): the fields it requires and their limits. */
function eventsV2Errors(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return ['body is not an object'];
  const b = body as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof b.routing_key !== 'string' || b.routing_key.length !== 32) errors.push('routing_key');
  if (b.event_action !== 'trigger' && b.event_action !== 'acknowledge' && b.event_action !== 'resolve') errors.push('event_action');
  if (typeof b.dedup_key !== 'string' || b.dedup_key.length === 0 || b.dedup_key.length > 255) errors.push('dedup_key');
  if (b.event_action !== 'trigger') return errors;
  const p = (b.payload ?? {}) as Record<string, unknown>;
  if (typeof p.summary !== 'string' || p.summary.length === 0 || p.summary.length > 1024) errors.push('payload.summary');
  if (typeof p.source !== 'string' || p.source.length === 0) errors.push('payload.source');
  if (!['critical', 'error', 'warning', 'info'].includes(p.severity as string)) errors.push('payload.severity');
  if (p.timestamp !== undefined && Number.isNaN(Date.parse(p.timestamp as string))) errors.push('payload.timestamp');
  if (b.links !== undefined && !(Array.isArray(b.links) && b.links.every((l: { href?: unknown }) => typeof l.href === 'string'))) errors.push('links');
  return errors;
}

function channel(url: string): PagerDutyChannel {
  return { name: 'pd-oncall', type: 'pagerduty', routingKey: ROUTING_KEY, url, sendResolved: true };
}

describe('pagerDutyEvent', () => {
  it('triggers with a summary, the most severe severity, source, timestamp, details and runbook links', () => {
    const event = pagerDutyEvent(notification(), channel('http://x'), CONTEXT);
    expect(eventsV2Errors(event)).toEqual([]);
    expect(event).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: createHash('sha256').update('{}:{alertname="HighErrorRate"}').digest('hex'),
      payload: {
        summary: '[FIRING:2] HighErrorRate: Checkout error rate above 5%; Search error rate above 5%',
        source: 'Caro',
        severity: 'critical',
        timestamp: new Date(T0).toISOString(),
        custom_details: { num_firing: 2, num_resolved: 0 },
      },
      links: [{ href: 'https://runbooks.example.com/checkout-errors', text: 'Runbook' }],
      client: 'launchwatch',
      client_url: 'https://launchwatch.example.com',
    });
  });

  it('maps P1-P4 to critical, error, warning, info', () => {
    const severities = (['P1', 'P2', 'P3', 'P4'] as const).map((severity) => {
      const event = pagerDutyEvent(notification({ alerts: [alert({ labels: { alertname: 'A', severity } })] }), channel('http://x'), CONTEXT);
      return event.event_action === 'trigger' ? event.payload.severity : undefined;
    });
    expect(severities).toEqual(['critical', 'error', 'warning', 'info']);
  });

  it('cuts the summary to 1024 characters', () => {
    const event = pagerDutyEvent(notification({ alerts: [alert({ annotations: { summary: 'x'.repeat(5000) } })] }), channel('http://x'), CONTEXT);
    expect(eventsV2Errors(event)).toEqual([]);
    expect(event.event_action === 'trigger' && event.payload.summary.length).toBe(1024);
  });

  it('resolves and acknowledges with the same dedup key and no payload', () => {
    const key = dedupKey(notification().groupKey);
    expect(pagerDutyEvent(resolvedNotification(), channel('http://x'), CONTEXT)).toEqual({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: key });
    expect(pagerDutyEvent(notification({ kind: 'acknowledge' }), channel('http://x'), CONTEXT)).toEqual({ routing_key: ROUTING_KEY, event_action: 'acknowledge', dedup_key: key });
    expect(dedupKey('another group')).not.toBe(key);
  });
});

describe('pagerduty notifier', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  /** A receiver acting as the Events API: 400 "Event object is invalid" for a body that breaks the schema. */
  async function start(status: number, body: string, headers?: Record<string, string>): Promise<Receiver> {
    receiver = await startReceiver((request) => {
      const errors = eventsV2Errors(request.body);
      if (errors.length > 0) return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors }) };
      return { status, body, headers: { 'content-type': 'application/json', ...headers } };
    });
    return receiver;
  }

  it('gets 202 for trigger, acknowledge and resolve', async () => {
    const r = await start(202, JSON.stringify({ status: 'success', message: 'Event processed' }));
    const notifier = createPagerDutyNotifier(channel(`${r.url}/v2/enqueue`), CONTEXT);
    for (const n of [notification(), notification({ kind: 'acknowledge' }), resolvedNotification()]) {
      expect(await notifier.send(n, new AbortController().signal)).toEqual({ kind: 'sent' });
    }
    expect(r.requests.map((q) => (q.body as { event_action: string }).event_action)).toEqual(['trigger', 'acknowledge', 'resolve']);
    expect(r.requests.every((q) => q.path === '/v2/enqueue')).toBe(true);
  });

  it('retries 429 after Retry-After, fails a 400 without naming the routing key', async () => {
    let r = await start(429, '{}', { 'retry-after': '60' });
    expect(await createPagerDutyNotifier(channel(`${r.url}/v2/enqueue`), CONTEXT).send(notification(), new AbortController().signal)).toEqual({
      kind: 'retry',
      reason: 'pagerduty answered 429: {}',
      retryAfterMs: 60_000,
    });
    await r.close();
    r = await start(400, JSON.stringify({ status: 'invalid event', message: `Invalid routing key ${ROUTING_KEY}` }));
    const outcome = await createPagerDutyNotifier(channel(`${r.url}/v2/enqueue`), CONTEXT).send(notification(), new AbortController().signal);
    expect(outcome.kind).toBe('failed');
    expect(JSON.stringify(outcome)).not.toContain(ROUTING_KEY);
    expect(JSON.stringify(outcome)).toContain('pagerduty answered 400');
  });

  it('retries a 500', async () => {
    const r = await start(500, 'oops');
    expect(await createPagerDutyNotifier(channel(`${r.url}/v2/enqueue`), CONTEXT).send(notification(), new AbortController().signal)).toEqual({ kind: 'retry', reason: 'pagerduty answered 500: oops' });
  });
});

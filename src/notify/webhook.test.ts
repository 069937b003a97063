import { afterEach, describe, expect, it } from 'vitest';
import { alert, CONTEXT, notification, resolvedNotification, startReceiver, T0, type Answer, type ReceivedRequest, type Receiver } from './fixtures.js';
import { ZERO_TIME } from './message.js';
import type { SendOutcome } from './types.js';
import { createWebhookNotifier, webhookMessage, type WebhookChannel } from './webhook.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function isStringMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** Alertmanager's webhook_config payload (version 4), as its documentation lists the fields. */
function alertmanagerSchemaErrors(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return ['body is not an object'];
  const b = body as Record<string, unknown>;
  const errors: string[] = [];
  if (b.version !== '4') errors.push('version');
  for (const key of ['groupKey', 'receiver', 'externalURL']) if (typeof b[key] !== 'string') errors.push(key);
  if (b.status !== 'firing' && b.status !== 'resolved') errors.push('status');
  if (typeof b.truncatedAlerts !== 'number') errors.push('truncatedAlerts');
  for (const key of ['groupLabels', 'commonLabels', 'commonAnnotations']) if (!isStringMap(b[key])) errors.push(key);
  if (!Array.isArray(b.alerts)) return [...errors, 'alerts'];
  for (const [i, raw] of (b.alerts as unknown[]).entries()) {
    const a = (raw ?? {}) as Record<string, unknown>;
    if (a.status !== 'firing' && a.status !== 'resolved') errors.push(`alerts[${i}].status`);
    if (!isStringMap(a.labels) || !isStringMap(a.annotations)) errors.push(`alerts[${i}].labels/annotations`);
    for (const key of ['startsAt', 'endsAt']) if (typeof a[key] !== 'string' || !ISO.test(a[key] as string)) errors.push(`alerts[${i}].${key}`);
    for (const key of ['generatorURL', 'fingerprint']) if (typeof a[key] !== 'string') errors.push(`alerts[${i}].${key}`);
  }
  return errors;
}

function channel(url: string): WebhookChannel {
  return { name: 'ops-webhook', type: 'webhook', url, headers: { authorization: 'Bearer hook-secret-42' }, sendResolved: true };
}

describe('webhookMessage', () => {
  it('is Alertmanager webhook JSON: common labels and annotations, zero endsAt while firing', () => {
    const message = webhookMessage(notification(), channel('http://x'), CONTEXT);
    expect(alertmanagerSchemaErrors(message)).toEqual([]);
    expect(message).toMatchObject({
      version: '4',
      groupKey: '{}:{alertname="HighErrorRate"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'ops-webhook',
      groupLabels: { alertname: 'HighErrorRate' },
      commonLabels: { alertname: 'HighErrorRate' },
      commonAnnotations: {},
      externalURL: 'https://launchwatch.example.com',
    });
    expect(message.alerts[0]).toEqual({
      status: 'firing',
      labels: { alertname: 'HighErrorRate', severity: 'P1', service: 'checkout' },
      annotations: { summary: 'Checkout error rate above 5%', runbook: 'https://runbooks.example.com/checkout-errors' },
      startsAt: new Date(T0 - 60_000).toISOString(),
      endsAt: ZERO_TIME,
      generatorURL: 'https://launchwatch.example.com/api/v1/alerts/history?fingerprint=a1b2c3d4e5f60718',
      fingerprint: 'a1b2c3d4e5f60718',
    });
  });

  it('keeps a posted alert\'s generatorURL, as Alertmanager passes it on', () => {
    const posted = notification({ alerts: [alert({ generatorUrl: 'http://prometheus:9090/graph?g0.expr=up' })] });
    expect(webhookMessage(posted, channel('http://x'), CONTEXT).alerts[0]?.generatorURL).toBe('http://prometheus:9090/graph?g0.expr=up');
  });

  it('carries endsAt once resolved', () => {
    const message = webhookMessage(resolvedNotification(), channel('http://x'), CONTEXT);
    expect(message.status).toBe('resolved');
    expect(message.alerts.map((a) => [a.status, a.endsAt])).toEqual([
      ['resolved', new Date(T0).toISOString()],
      ['resolved', new Date(T0).toISOString()],
    ]);
  });
});

describe('webhook notifier', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  /** A receiver that answers 400 to anything that is not Alertmanager's schema. */
  async function send(answer: Answer, path = '/alerts'): Promise<{ outcome: SendOutcome; request: ReceivedRequest | undefined }> {
    receiver = await startReceiver((request) => {
      const errors = alertmanagerSchemaErrors(request.body);
      return errors.length > 0 ? { status: 400, body: `invalid: ${errors.join(', ')}` } : answer;
    });
    const notifier = createWebhookNotifier(channel(`${receiver.url}${path}`), CONTEXT);
    const outcome = await notifier.send(notification(), new AbortController().signal);
    return { outcome, request: receiver.requests[0] };
  }

  it('delivers a payload the receiver accepts, with the channel headers', async () => {
    const { outcome, request } = await send({ status: 200 });
    expect(outcome).toEqual({ kind: 'sent' });
    expect(request?.headers.authorization).toBe('Bearer hook-secret-42');
    expect(request?.path).toBe('/alerts');
  });

  it('classifies 429, 500 and 400, naming neither the URL nor the headers', async () => {
    expect((await send({ status: 429, headers: { 'retry-after': '12' } })).outcome).toEqual({ kind: 'retry', reason: 'webhook answered 429', retryAfterMs: 12_000 });
    await receiver?.close();
    expect((await send({ status: 500, body: 'boom' })).outcome).toEqual({ kind: 'retry', reason: 'webhook answered 500: boom' });
    await receiver?.close();
    const { outcome } = await send({ status: 400, body: 'rejected Bearer hook-secret-42 at /alerts/tok3n-in-path' }, '/alerts/tok3n-in-path');
    expect(outcome).toEqual({ kind: 'failed', reason: 'webhook answered 400: rejected [redacted] at /alerts/[redacted]' });
  });
});

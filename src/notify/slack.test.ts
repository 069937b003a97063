import { afterEach, describe, expect, it } from 'vitest';
import { alert, CONTEXT, notification, resolvedNotification, startReceiver, type Receiver } from './fixtures.js';
import { createSlackNotifier, escapeMrkdwn, slackMessage, type SlackChannel } from './slack.js';

/**
 * Slack's incoming-webhook payload rules (docs: "Sending messages using
 * incoming webhooks", Block Kit reference): `text` or `blocks`; at most 50
 * blocks; header plain_text up to 150 characters; section text up to 3000;
 * context up to 10 elements.
 */
function slackSchemaErrors(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return ['body is not an object'];
  const b = body as { text?: unknown; blocks?: unknown };
  const errors: string[] = [];
  if (typeof b.text !== 'string' && !Array.isArray(b.blocks)) errors.push('text or blocks is required');
  if (b.text !== undefined && typeof b.text !== 'string') errors.push('text');
  if (b.blocks === undefined) return errors;
  if (!Array.isArray(b.blocks) || b.blocks.length > 50) return [...errors, 'blocks'];
  for (const [i, raw] of (b.blocks as unknown[]).entries()) {
    const block = raw as { type?: unknown; text?: { type?: unknown; text?: unknown }; elements?: unknown };
    const text = block.text;
    switch (block.type) {
      case 'header':
        if (text?.type !== 'plain_text' || typeof text.text !== 'string' || text.text.length > 150) errors.push(`blocks[${i}] header`);
        break;
      case 'section':
        if ((text?.type !== 'mrkdwn' && text?.type !== 'plain_text') || typeof text.text !== 'string' || text.text.length > 3000 || text.text.length === 0) errors.push(`blocks[${i}] section`);
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 10) errors.push(`blocks[${i}] context`);
        break;
      case 'divider':
        break;
      default:
        errors.push(`blocks[${i}] unknown type`);
    }
  }
  return errors;
}

const HOOK_PATH = '/services/T0001/B0002/XXXXXXXXXXXXXXXXXXXXXXXX';

function channel(url: string): SlackChannel {
  return { name: 'slack-ops', type: 'slack', webhookUrl: url, sendResolved: true };
}

function sectionTexts(message: ReturnType<typeof slackMessage>): string[] {
  return message.blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : []));
}

describe('slackMessage', () => {
  it('has a fallback text and blocks: a header, one section per alert with severity, summary, value and runbook', () => {
    const message = slackMessage(notification(), CONTEXT);
    expect(slackSchemaErrors(message)).toEqual([]);
    expect(message.text).toContain('[FIRING:2] HighErrorRate');
    expect(message.text).toContain('Checkout error rate above 5%');
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🔥 [FIRING:2] HighErrorRate', emoji: true } });
    const [first, second] = sectionTexts(message);
    expect(first).toContain('*P1*');
    expect(first).toContain('<https://launchwatch.example.com/api/v1/alerts/history?fingerprint=a1b2c3d4e5f60718|Checkout error rate above 5%>');
    expect(first).toContain('Value: *0.072*');
    expect(first).toContain('<https://runbooks.example.com/checkout-errors|Runbook>');
    expect(second).toContain('*P2*');
    expect(second).not.toContain('Runbook');
  });

  it('looks different once resolved, and marks acknowledged alerts', () => {
    const resolved = slackMessage(resolvedNotification(), CONTEXT);
    expect(slackSchemaErrors(resolved)).toEqual([]);
    expect(resolved.blocks[0]).toMatchObject({ type: 'header', text: { text: '✅ [RESOLVED] HighErrorRate' } });
    expect(sectionTexts(resolved).every((t) => t.startsWith(':white_check_mark: *Resolved*'))).toBe(true);
    const acked = slackMessage(notification({ alerts: [alert({ acknowledged: true })] }), CONTEXT);
    expect(sectionTexts(acked)[0]).toContain(':eyes: _Acknowledged_');
    expect(slackMessage(notification({ kind: 'acknowledge' }), CONTEXT).blocks[0]).toMatchObject({ text: { text: '👀 [ACKNOWLEDGED] HighErrorRate' } });
  });

  it("escapes Slack's control characters and keeps within its limits with many alerts", () => {
    expect(escapeMrkdwn('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    const many = Array.from({ length: 60 }, (_, i) => alert({ fingerprint: `f${i}`, annotations: { summary: `<b>${'long '.repeat(700)}` } }));
    const message = slackMessage(notification({ alerts: many, groupLabels: { alertname: 'x'.repeat(400) } }), CONTEXT);
    expect(slackSchemaErrors(message)).toEqual([]);
    expect(message.text.length).toBeLessThanOrEqual(3000);
    expect(sectionTexts(message)[0]).toContain('&lt;b&gt;');
    expect(JSON.stringify(message)).toContain('…and 50 more alerts');
  });
});

describe('slack notifier', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  /** A receiver acting as Slack: 400 invalid_payload for a malformed body, else the given answer. */
  async function start(status: number, body: string, headers?: Record<string, string>): Promise<Receiver> {
    receiver = await startReceiver((request) =>
      slackSchemaErrors(request.body).length > 0 ? { status: 400, body: 'invalid_payload' } : { status, body, ...(headers ? { headers } : {}) },
    );
    return receiver;
  }

  it('posts to the webhook URL and treats 200 "ok" as sent', async () => {
    const r = await start(200, 'ok');
    const outcome = await createSlackNotifier(channel(`${r.url}${HOOK_PATH}`), CONTEXT).send(resolvedNotification(), new AbortController().signal);
    expect(outcome).toEqual({ kind: 'sent' });
    expect(r.requests[0]?.path).toBe(HOOK_PATH);
  });

  it('says "slack webhook answered 404", never the URL', async () => {
    const r = await start(404, `no_service for ${HOOK_PATH}`);
    const outcome = await createSlackNotifier(channel(`${r.url}${HOOK_PATH}`), CONTEXT).send(notification(), new AbortController().signal);
    expect(outcome.kind).toBe('failed');
    const reason = outcome.kind === 'failed' ? outcome.reason : '';
    expect(reason.startsWith('slack webhook answered 404: no_service')).toBe(true);
    expect(reason).not.toContain('XXXXXXXXXXXXXXXXXXXXXXXX');
    expect(reason).not.toContain(r.url);
  });

  it('retries a rate limit after its Retry-After', async () => {
    const r = await start(429, 'rate_limited', { 'retry-after': '3' });
    const outcome = await createSlackNotifier(channel(`${r.url}${HOOK_PATH}`), CONTEXT).send(notification(), new AbortController().signal);
    expect(outcome).toEqual({ kind: 'retry', reason: 'slack webhook answered 429: rate_limited', retryAfterMs: 3_000 });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { discordMessage, createDiscordNotifier, embedChars, type DiscordChannel, type DiscordEmbed } from './discord.js';
import { alert, CONTEXT, notification, resolvedNotification, startReceiver, type Receiver } from './fixtures.js';

/**
 * Discord's Execute Webhook (developer docs, "Webhook resource" and "Embed limits"): `content`,
 * `embeds` or both; content up to 2000 characters; up to 10 embeds; embed title 256, description
 * 4096, 25 fields of name 256 / value 1024, footer 2048, and 6000 characters across the embeds.
 */
function executeWebhookErrors(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return ['body is not an object'];
  const b = body as { content?: unknown; embeds?: unknown };
  const errors: string[] = [];
  const hasContent = typeof b.content === 'string' && b.content.length > 0;
  if (!hasContent && !(Array.isArray(b.embeds) && b.embeds.length > 0)) errors.push('content or embeds is required');
  if (typeof b.content === 'string' && b.content.length > 2000) errors.push('content over 2000');
  if (b.embeds === undefined) return errors;
  if (!Array.isArray(b.embeds) || b.embeds.length > 10) return [...errors, 'embeds'];
  let total = 0;
  for (const [i, embed] of (b.embeds as DiscordEmbed[]).entries()) {
    if (embed.title.length > 256) errors.push(`embeds[${i}].title`);
    if ((embed.description?.length ?? 0) > 4096) errors.push(`embeds[${i}].description`);
    if (embed.fields.length > 25 || embed.fields.some((f) => f.name.length > 256 || f.value.length > 1024 || f.value === '')) errors.push(`embeds[${i}].fields`);
    if ((embed.footer?.text.length ?? 0) > 2048) errors.push(`embeds[${i}].footer`);
    if (!Number.isInteger(embed.color) || embed.color < 0 || embed.color > 0xffffff) errors.push(`embeds[${i}].color`);
    total += embedChars(embed);
  }
  if (total > 6000) errors.push('embeds over 6000 characters');
  return errors;
}

const HOOK_PATH = '/api/webhooks/112233445566778899/Wh-T0ken_abcdefghijklmnopqrstuvwxyz0123456789';

function channel(url: string, templates: DiscordChannel['templates'] = {}): DiscordChannel {
  return { name: 'discord-ops', type: 'discord', webhookUrl: url, username: 'launchwatch', sendResolved: true, templates };
}

describe('discordMessage', () => {
  it('has the headline as content and one embed per alert, and never pings a mention', () => {
    const message = discordMessage(notification(), channel('http://x'), CONTEXT);
    expect(executeWebhookErrors(message)).toEqual([]);
    expect(message.content).toBe('🔥 [FIRING:2] HighErrorRate');
    expect(message.username).toBe('launchwatch');
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.embeds).toHaveLength(2);
    expect(message.embeds[0]).toMatchObject({
      title: 'Checkout error rate above 5%',
      url: 'https://launchwatch.example.com/api/v1/alerts/history?fingerprint=a1b2c3d4e5f60718',
      color: 0xe01e5a,
      fields: [
        { name: 'Severity', value: 'P1', inline: true },
        { name: 'Value', value: '0.072', inline: true },
        { name: 'Runbook', value: 'https://runbooks.example.com/checkout-errors', inline: false },
      ],
    });
  });

  it('colours and titles a resolution', () => {
    const message = discordMessage(resolvedNotification(), channel('http://x'), CONTEXT);
    expect(message.content).toBe('✅ [RESOLVED] HighErrorRate');
    expect(message.embeds[0]).toMatchObject({ title: 'Resolved: Checkout error rate above 5%', color: 0x2eb67d });
  });

  it('keeps to 2000 characters of content, 10 embeds and 6000 characters in all, counting the rest', () => {
    const many = Array.from({ length: 30 }, (_, i) => alert({ fingerprint: `f${i}`, annotations: { summary: 's'.repeat(400), description: 'd'.repeat(5000), runbook: `https://r.example.com/${'p'.repeat(2000)}` } }));
    const message = discordMessage(notification({ alerts: many, groupLabels: { alertname: 'x'.repeat(3000) } }), channel('http://x'), CONTEXT);
    expect(executeWebhookErrors(message)).toEqual([]);
    expect(message.content.length).toBeLessThanOrEqual(2000);
    expect(message.content).toMatch(new RegExp(`…and ${30 - message.embeds.length} more alerts$`));
  });

  it("uses the channel's templates: the title as content and embed title, the text as its description", () => {
    const message = discordMessage(notification(), channel('http://x', { title: '{{ status }}: {{ alertname }} ({{ count }})', text: '{{ annotations.summary }} on {{ group.alertname }}' }), CONTEXT);
    expect(executeWebhookErrors(message)).toEqual([]);
    expect(message.content).toBe('firing: HighErrorRate (2)');
    expect(message.embeds).toEqual([expect.objectContaining({ title: 'firing: HighErrorRate (2)', description: 'Checkout error rate above 5% on HighErrorRate' })]);
  });
});

describe('discord notifier', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  /** A receiver acting as Discord: 400 with its error JSON for a body it refuses, else the given answer. */
  async function start(answer: { status: number; body?: string; headers?: Record<string, string> }): Promise<Receiver> {
    receiver = await startReceiver((request) =>
      request.headers['content-type'] !== 'application/json' || executeWebhookErrors(request.body).length > 0
        ? { status: 400, body: JSON.stringify({ code: 50006, message: 'Cannot send an empty message' }) }
        : answer,
    );
    return receiver;
  }

  it('posts to the webhook URL and treats 204 as sent', async () => {
    const r = await start({ status: 204 });
    const notifier = createDiscordNotifier(channel(`${r.url}${HOOK_PATH}`), CONTEXT);
    expect(await notifier.send(notification(), new AbortController().signal)).toEqual({ kind: 'sent' });
    expect(await notifier.send(resolvedNotification(), new AbortController().signal)).toEqual({ kind: 'sent' });
    expect(r.requests.map((q) => q.path)).toEqual([HOOK_PATH, HOOK_PATH]);
  });

  it("retries a rate limit after the body's retry_after when there is no Retry-After header", async () => {
    const r = await start({ status: 429, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 1.25, global: false }) });
    const outcome = await createDiscordNotifier(channel(`${r.url}${HOOK_PATH}`), CONTEXT).send(notification(), new AbortController().signal);
    expect(outcome).toMatchObject({ kind: 'retry', retryAfterMs: 1250 });
  });

  it('prefers the Retry-After header, and retries a 5xx', async () => {
    const r = await start({ status: 429, headers: { 'retry-after': '3' }, body: JSON.stringify({ retry_after: 9 }) });
    expect(await createDiscordNotifier(channel(`${r.url}${HOOK_PATH}`), CONTEXT).send(notification(), new AbortController().signal)).toMatchObject({ kind: 'retry', retryAfterMs: 3000 });
    await r.close();
    const down = await start({ status: 503, body: 'upstream' });
    expect((await createDiscordNotifier(channel(`${down.url}${HOOK_PATH}`), CONTEXT).send(notification(), new AbortController().signal)).kind).toBe('retry');
  });

  it('fails for good on an unknown webhook (404) without the token in the reason', async () => {
    const r = await start({ status: 404, body: JSON.stringify({ message: `Unknown Webhook ${HOOK_PATH}`, code: 10015 }) });
    const outcome = await createDiscordNotifier(channel(`${r.url}${HOOK_PATH}`), CONTEXT).send(notification(), new AbortController().signal);
    expect(outcome.kind).toBe('failed');
    const reason = outcome.kind === 'failed' ? outcome.reason : '';
    expect(reason).toContain('discord webhook answered 404');
    expect(reason).not.toContain('Wh-T0ken_abcdefghijklmnopqrstuvwxyz0123456789');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { alert, CONTEXT, notification, resolvedNotification, startReceiver, type Receiver } from './fixtures.js';
import { createTeamsNotifier, teamsMessage, type TeamsChannel } from './teams.js';

/**
 * What a Teams Workflows webhook takes (Microsoft Learn, "Create incoming webhooks with Workflows for
 * Microsoft Teams", and the Adaptive Card schema): a message whose `attachments` hold one
 * `application/vnd.microsoft.card.adaptive` attachment with the card as `content`; the card has
 * type AdaptiveCard, a version, a body of elements (TextBlock with text, FactSet with title/value
 * facts, Container with items) and Action.OpenUrl actions with a url; the message under 28 KB.
 */
function workflowsErrors(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return ['body is not an object'];
  const b = body as { type?: unknown; attachments?: unknown };
  const errors: string[] = [];
  if (b.type !== 'message') errors.push('type must be "message"');
  if (!Array.isArray(b.attachments) || b.attachments.length === 0) return [...errors, 'attachments'];
  if (JSON.stringify(body).length > 28_000) errors.push('larger than 28 KB');
  for (const [i, raw] of (b.attachments as unknown[]).entries()) {
    const a = raw as { contentType?: unknown; content?: { type?: unknown; version?: unknown; body?: unknown; actions?: unknown } };
    if (a.contentType !== 'application/vnd.microsoft.card.adaptive') errors.push(`attachments[${i}].contentType`);
    const card = a.content;
    if (card?.type !== 'AdaptiveCard') errors.push(`attachments[${i}].content.type`);
    if (typeof card?.version !== 'string' || !/^1\.[0-5]$/.test(card.version)) errors.push(`attachments[${i}].content.version`);
    if (!Array.isArray(card?.body)) errors.push(`attachments[${i}].content.body`);
    else errors.push(...elementErrors(card.body as unknown[], `attachments[${i}].content.body`));
    for (const [j, action] of ((card?.actions ?? []) as { type?: unknown; url?: unknown; title?: unknown }[]).entries()) {
      if (action.type !== 'Action.OpenUrl' || typeof action.url !== 'string' || !URL.canParse(action.url) || typeof action.title !== 'string') errors.push(`actions[${j}]`);
    }
  }
  return errors;
}

function elementErrors(elements: unknown[], path: string): string[] {
  return elements.flatMap((raw, i) => {
    const e = raw as { type?: unknown; text?: unknown; facts?: unknown; items?: unknown };
    if (e.type === 'TextBlock') return typeof e.text === 'string' && e.text !== '' ? [] : [`${path}[${i}] TextBlock text`];
    if (e.type === 'FactSet') return Array.isArray(e.facts) && e.facts.every((f: { title?: unknown; value?: unknown }) => typeof f.title === 'string' && typeof f.value === 'string') ? [] : [`${path}[${i}] facts`];
    if (e.type === 'Container') return Array.isArray(e.items) ? elementErrors(e.items as unknown[], `${path}[${i}].items`) : [`${path}[${i}] items`];
    return [`${path}[${i}] unknown element ${String(e.type)}`];
  });
}

const HOOK_PATH = '/workflows/abc123/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=S3cr3tSignatureValue0123456789';

function channel(url: string, templates: TeamsChannel['templates'] = {}): TeamsChannel {
  return { name: 'teams-ops', type: 'teams', webhookUrl: url, sendResolved: true, templates };
}

type Card = ReturnType<typeof teamsMessage>['attachments'][0]['content'];
const texts = (card: Card): string[] =>
  card.body.flatMap((e) => (e.type === 'TextBlock' ? [e.text] : e.items.flatMap((i) => (i.type === 'TextBlock' ? [i.text] : i.facts.map((f) => `${f.title}: ${f.value}`)))));

describe('teamsMessage', () => {
  it('is one Adaptive Card attachment: the title, a container per alert with its facts, runbook and launchwatch buttons', () => {
    const message = teamsMessage(notification(), channel('http://x'), CONTEXT);
    expect(workflowsErrors(message)).toEqual([]);
    const card = message.attachments[0].content;
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: '[FIRING:2] HighErrorRate', color: 'Attention', size: 'Large' });
    expect(texts(card)).toEqual(expect.arrayContaining(['Checkout error rate above 5%', 'Severity: P1', 'Value: 0.072', 'Search error rate above 5%', 'Severity: P2', 'Caro']));
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Runbook', url: 'https://runbooks.example.com/checkout-errors' },
      { type: 'Action.OpenUrl', title: 'launchwatch', url: 'https://launchwatch.example.com' },
    ]);
  });

  it('looks different once resolved or acknowledged', () => {
    const resolved = teamsMessage(resolvedNotification(), channel('http://x'), CONTEXT).attachments[0].content;
    expect(resolved.body[0]).toMatchObject({ text: '[RESOLVED] HighErrorRate', color: 'Good' });
    expect(texts(resolved)).toContain('Last value: 0.072');
    const acked = teamsMessage(notification({ kind: 'acknowledge' }), channel('http://x'), CONTEXT).attachments[0].content;
    expect(acked.body[0]).toMatchObject({ text: '[ACKNOWLEDGED] HighErrorRate', color: 'Warning' });
  });

  it("uses the channel's title and text templates", () => {
    const templates = { title: '{{ severity }} on {{ labels.service }}: {{ summary }}', text: 'Now {{ value }}. Runbook: {{ links.runbook }}' };
    const card = teamsMessage(notification(), channel('http://x', templates), CONTEXT).attachments[0].content;
    expect(card.body[0]).toMatchObject({ text: 'P1 on checkout: Checkout error rate above 5%' });
    expect(card.body[1]).toMatchObject({ type: 'TextBlock', text: 'Now 0.072. Runbook: https://runbooks.example.com/checkout-errors' });
  });

  it('stays within the limits with many long alerts, counting those it leaves out', () => {
    const many = Array.from({ length: 40 }, (_, i) => alert({ fingerprint: `f${i}`, annotations: { summary: 'long '.repeat(400), description: 'd'.repeat(5000) } }));
    const message = teamsMessage(notification({ alerts: many }), channel('http://x'), CONTEXT);
    expect(workflowsErrors(message)).toEqual([]);
    expect(texts(message.attachments[0].content)).toContain('…and 30 more alerts');
  });
});

describe('teams notifier', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  /** A receiver acting as the Workflows trigger: 400 for a body it would not take, else the given answer (202 Accepted when it runs the flow). */
  async function start(status: number, body = '', headers?: Record<string, string>): Promise<Receiver> {
    receiver = await startReceiver((request) =>
      request.method !== 'POST' || request.headers['content-type'] !== 'application/json' || workflowsErrors(request.body).length > 0
        ? { status: 400, body: JSON.stringify({ error: { code: 'InvalidRequestContent', message: `bad request to ${HOOK_PATH}` } }) }
        : { status, body, ...(headers ? { headers } : {}) },
    );
    return receiver;
  }

  it('posts the card to the workflow URL and treats 202 as sent, for firing and resolved alike', async () => {
    const r = await start(202);
    const notifier = createTeamsNotifier(channel(`${r.url}${HOOK_PATH}`), CONTEXT);
    expect(await notifier.send(notification(), new AbortController().signal)).toEqual({ kind: 'sent' });
    expect(await notifier.send(resolvedNotification(), new AbortController().signal)).toEqual({ kind: 'sent' });
    expect(r.requests.map((q) => q.path)).toEqual([HOOK_PATH, HOOK_PATH]);
  });

  it('fails for good on a 400 and never shows the signature', async () => {
    receiver = await startReceiver(() => ({ status: 400, body: `invalid sig=S3cr3tSignatureValue0123456789` }));
    const outcome = await createTeamsNotifier(channel(`${receiver.url}${HOOK_PATH}`), CONTEXT).send(notification(), new AbortController().signal);
    expect(outcome.kind).toBe('failed');
    const reason = outcome.kind === 'failed' ? outcome.reason : '';
    expect(reason.startsWith('teams webhook answered 400')).toBe(true);
    expect(reason).not.toContain('S3cr3tSignatureValue0123456789');
  });

  it('retries a throttled request after its Retry-After, and a 5xx', async () => {
    const throttled = await start(429, 'throttled', { 'retry-after': '7' });
    expect(await createTeamsNotifier(channel(`${throttled.url}${HOOK_PATH}`), CONTEXT).send(notification(), new AbortController().signal)).toEqual({
      kind: 'retry',
      reason: 'teams webhook answered 429: throttled',
      retryAfterMs: 7_000,
    });
    await throttled.close();
    const down = await start(502, 'bad gateway');
    receiver = down;
    expect((await createTeamsNotifier(channel(`${down.url}${HOOK_PATH}`), CONTEXT).send(notification(), new AbortController().signal)).kind).toBe('retry');
  });
});

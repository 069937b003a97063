/**
 * The status page's public subscription endpoints (outside /api/, no token):
 * GET /status/subscribe (the form), POST /status/subscriptions (form or JSON:
 * `email` or `webhook`, `components`), the confirm link
 * (/status/subscriptions/confirm) and the unsubscribe link
 * (/status/unsubscribe), each a page with a button that POSTs back. The
 * answer to a subscription is the same whatever the address (no
 * enumeration); writes are rate-limited, in all and per address; secrets are
 * compared in constant time. The confirmation mail goes through the outbox.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { LaunchwatchError } from '../../errors.js';
import { RateLimiter } from '../../ingest/rate-limit.js';
import type { Plan } from '../../plan/types.js';
import { STATUS_WEBHOOK_CHANNEL } from '../../status/subscriber-updates.js';
import { actionPage, confirmContent, confirmUrl, newSubscriber, secretMatches, sha256, subscribePage } from '../../status/subscriptions.js';
import type { TalkStore } from '../../store/talk.js';

export interface SubscriptionRouteOptions {
  readonly plan: () => Plan;
  readonly talk: TalkStore;
  readonly now: () => number;
  /** The URL people reach this server at, for the links. */
  readonly externalUrl: () => string;
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'";
/** Subscriptions in all: 1 a second on average, 20 at once; per address: 3, then one every 10 minutes. */
const ALL = { eventsPerSecond: 1, burst: 20 };
const PER_ADDRESS = { eventsPerSecond: 1 / 600, burst: 3 };

const components = z.union([z.string(), z.array(z.string().max(100)).max(100)]).optional();
const subscribeBody = z.strictObject({ email: z.email().max(320).optional(), webhook: z.url({ protocol: /^https?$/ }).max(2000).optional(), components });
const linkQuery = z.object({ id: z.string().min(1).max(100), token: z.string().min(1).max(200) });

function page(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(html);
}

export function statusSubscriptionRoutes(app: FastifyInstance, options: SubscriptionRouteOptions): void {
  const all = new RateLimiter(ALL);
  const perAddress = new RateLimiter(PER_ADDRESS);
  const base = (): string => options.externalUrl().replace(/\/+$/, '');
  const spec = () => {
    const s = options.plan().statusPage.subscribers;
    if (!s) throw new LaunchwatchError('not_found', 'this status page takes no subscriptions');
    return s;
  };

  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
      const form = new URLSearchParams(String(body));
      // An empty field of the form is a field not given.
      const keys = [...new Set(form.keys())].filter((key) => form.getAll(key).some((v) => v !== ''));
      done(null, Object.fromEntries(keys.map((key) => [key, key === 'components' ? form.getAll(key) : (form.get(key) ?? '')])));
    });

    scope.get('/status/subscribe', async (_request, reply) => {
      const plan = options.plan();
      const s = spec();
      return page(reply, 200, subscribePage(plan.product.name, Object.values(plan.components), s.webhooks));
    });

    scope.post('/status/subscriptions', async (request, reply) => {
      const s = spec();
      const plan = options.plan();
      const parsed = subscribeBody.safeParse(request.body ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : (issue?.path.join('.') ?? '');
        throw new LaunchwatchError('invalid_request', `body${field ? ` ${field}` : ''}: ${issue?.code === 'unrecognized_keys' ? 'unknown field' : (issue?.message ?? 'invalid')}`);
      }
      const body = parsed.data;
      if ((body.email === undefined) === (body.webhook === undefined)) throw new LaunchwatchError('invalid_request', 'body: give exactly one of email, webhook');
      if (body.email !== undefined && s.emailChannel === undefined) throw new LaunchwatchError('invalid_request', 'body email: this status page takes no e-mail subscriptions');
      if (body.webhook !== undefined && !s.webhooks) throw new LaunchwatchError('invalid_request', 'body webhook: this status page takes no webhook subscriptions');
      const chosen = typeof body.components === 'string' ? [body.components] : (body.components ?? []);
      const unknown = chosen.find((c) => !Object.hasOwn(plan.components, c));
      if (unknown !== undefined) throw new LaunchwatchError('invalid_request', `body components: no component "${unknown}" on this page (components: ${Object.keys(plan.components).join(', ') || 'none'})`);
      const address = body.email !== undefined ? body.email.trim().toLowerCase() : (body.webhook ?? '');
      const now = options.now();
      const limited = [all.take('all', 1, now), perAddress.take(sha256(address), 1, now)].find((d) => d.kind !== 'allowed');
      if (limited) {
        const after = limited.kind === 'limited' ? Math.ceil(limited.retryAfterMs / 1000) : 60;
        reply.header('retry-after', String(after));
        throw new LaunchwatchError('rate_limited', 'too many subscriptions; try again later');
      }
      const made = newSubscriber(body.email !== undefined ? 'email' : 'webhook', address, chosen, now);
      await options.talk.putSubscriber(made.subscriber);
      const channel = made.subscriber.kind === 'email' ? s.emailChannel : STATUS_WEBHOOK_CHANNEL;
      if (made.confirmSecret !== null && channel !== undefined) {
        const digest = confirmContent(plan.product.name, confirmUrl(base(), made.subscriber.id, made.confirmSecret), chosen, `${base()}/status`);
        const notification = { id: randomUUID(), channel, kind: 'digest' as const, groupKey: `status:${made.subscriber.id}`, groupLabels: { subscription: 'confirm' }, status: 'firing' as const, alerts: [], createdAt: now, digest, target: { to: [address] } };
        await options.talk.recordTalk({ key: `confirm:${made.subscriber.id}`, kind: 'subscriber_update', incidentId: '', at: now, recordedAt: now, notifications: 1 }, [notification]);
      }
      const message = made.subscriber.kind === 'email' ? 'Check your inbox: the subscription starts once you follow the link we sent.' : 'The webhook is subscribed.';
      if (request.headers['content-type']?.startsWith('application/json')) return reply.code(202).send({ accepted: true, message });
      return page(reply, 202, actionPage(plan.product.name, 'Almost there', message));
    });

    const link = async (query: unknown): Promise<{ id: string; token: string }> => {
      const q = linkQuery.safeParse(query);
      if (!q.success) throw new LaunchwatchError('invalid_request', 'query: the link needs its id and token');
      return q.data;
    };
    const invalid = (reply: FastifyReply) => page(reply, 404, actionPage(options.plan().product.name, 'Link not valid', 'This link is not valid (any more). Subscribe again from the status page.'));

    scope.get('/status/subscriptions/confirm', async (request, reply) => {
      const { id, token } = await link(request.query);
      const action = `/status/subscriptions/confirm?id=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}`;
      return page(reply, 200, actionPage(options.plan().product.name, 'Confirm your subscription', 'Confirm to receive the status page’s updates.', { label: 'Confirm subscription', action }));
    });
    scope.post('/status/subscriptions/confirm', async (request, reply) => {
      const { id, token } = await link(request.query);
      const found = await options.talk.subscriber(id);
      if (!found) return invalid(reply);
      if (found.confirmedAt === null) {
        if (found.confirmHash === null || !secretMatches(token, found.confirmHash, true)) return invalid(reply);
        await options.talk.putSubscriber({ ...found, confirmHash: null, confirmedAt: options.now() });
      }
      return page(reply, 200, actionPage(options.plan().product.name, 'Subscribed', 'You will receive the status page’s updates. Every message has a link to unsubscribe.'));
    });

    scope.get('/status/unsubscribe', async (request, reply) => {
      const { id, token } = await link(request.query);
      const action = `/status/unsubscribe?id=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}`;
      return page(reply, 200, actionPage(options.plan().product.name, 'Unsubscribe', 'Stop receiving the status page’s updates?', { label: 'Unsubscribe', action }));
    });
    scope.post('/status/unsubscribe', async (request, reply) => {
      const { id, token } = await link(request.query);
      const found = await options.talk.subscriber(id);
      if (!found || !secretMatches(token, found.unsubscribeToken, false)) return invalid(reply);
      await options.talk.deleteSubscribers([found.id]);
      return page(reply, 200, actionPage(options.plan().product.name, 'Unsubscribed', 'You will receive no more updates.'));
    });
  });
}

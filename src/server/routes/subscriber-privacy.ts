/**
 * The status page's subscribers as personal data: an access request
 * (POST /api/v1/privacy/subscribers/export) and an erasure
 * (POST /api/v1/privacy/subscribers/purge) for one e-mail address or webhook
 * URL, each in the privacy audit log under the address's hash, never the
 * address itself. Unconfirmed subscriptions expire on their own
 * (src/incidents/talk-runner.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LaunchwatchError } from '../../errors.js';
import { auditSubject, type PrivacyService } from '../../privacy/service.js';
import type { TalkStore } from '../../store/talk.js';

export interface SubscriberPrivacyRouteOptions {
  readonly talk: TalkStore;
  readonly privacy: Pick<PrivacyService, 'appendAudit'>;
  readonly now: () => number;
}

const body = z.strictObject({ address: z.string().trim().min(1).max(2000), by: z.string().trim().min(1).max(200).optional() });

function parse(value: unknown): z.infer<typeof body> {
  const result = body.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : (issue?.path.join('.') ?? '');
  throw new LaunchwatchError('invalid_request', `body${field ? ` ${field}` : ''}: ${issue?.code === 'unrecognized_keys' ? 'unknown field' : (issue?.message ?? 'invalid')}`);
}

/** E-mail addresses are kept in lower case; a URL as given. */
const normal = (address: string): string => (address.includes('@') && !address.includes('://') ? address.toLowerCase() : address);

export function subscriberPrivacyRoutes(app: FastifyInstance, options: SubscriberPrivacyRouteOptions): void {
  app.post('/api/v1/privacy/subscribers/export', async (request) => {
    const b = parse(request.body);
    const found = await options.talk.subscribers({ address: normal(b.address) });
    const subject = auditSubject(normal(b.address));
    await options.privacy.appendAudit({ at: options.now(), action: 'export_user', actor: b.by ?? 'api', subject, details: { subscribers: found.length } });
    return {
      subject,
      subscribers: found.map((s) => ({
        id: s.id,
        kind: s.kind,
        address: s.address,
        components: s.components,
        created_at: new Date(s.createdAt).toISOString(),
        confirmed_at: s.confirmedAt === null ? null : new Date(s.confirmedAt).toISOString(),
      })),
    };
  });

  app.post('/api/v1/privacy/subscribers/purge', async (request) => {
    const b = parse(request.body);
    const found = await options.talk.subscribers({ address: normal(b.address) });
    const deleted = await options.talk.deleteSubscribers(found.map((s) => s.id));
    const subject = auditSubject(normal(b.address));
    await options.privacy.appendAudit({ at: options.now(), action: 'purge_user', actor: b.by ?? 'api', subject, details: { deleted: { status_subscribers: deleted } } });
    return { subject, deleted };
  });
}

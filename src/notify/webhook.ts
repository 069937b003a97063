/**
 * The generic webhook: Alertmanager's webhook JSON (version 4), so receivers
 * written for Alertmanager work unchanged; the channel's headers are sent
 * along (an Authorization header, say).
 */
import type { NotificationRequest } from '../alerting/types.js';
import type { ChannelSpec } from '../plan/alert-types.js';
import { postJson } from './http.js';
import { alertUrl, baseUrl, common, isoTime } from './message.js';
import { secretsOf } from './redact.js';
import type { NotifierFactory, NotifyContext } from './types.js';

export type WebhookChannel = Extract<ChannelSpec, { type: 'webhook' }>;

export interface WebhookAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL: string;
  readonly fingerprint: string;
}

export interface WebhookMessage {
  readonly version: '4';
  readonly groupKey: string;
  readonly truncatedAlerts: number;
  readonly status: 'firing' | 'resolved';
  readonly receiver: string;
  readonly groupLabels: Record<string, string>;
  readonly commonLabels: Record<string, string>;
  readonly commonAnnotations: Record<string, string>;
  readonly externalURL: string;
  readonly alerts: WebhookAlert[];
  /** Only in a scheduled report's message (status resolved, no alerts): the report's subject, summary and link. */
  readonly report?: { readonly subject: string; readonly summary: string; readonly url: string };
}

export function webhookMessage(n: NotificationRequest, channel: WebhookChannel, context: NotifyContext): WebhookMessage {
  return {
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: 0,
    status: n.status,
    receiver: channel.name,
    groupLabels: { ...n.groupLabels },
    commonLabels: common(n.alerts.map((a) => a.labels)),
    commonAnnotations: common(n.alerts.map((a) => a.annotations)),
    externalURL: baseUrl(context),
    alerts: n.alerts.map((a) => ({
      status: a.status,
      labels: { ...a.labels },
      annotations: { ...a.annotations },
      startsAt: isoTime(a.startsAt),
      endsAt: isoTime(a.endsAt),
      // A posted alert keeps its sender's link (Prometheus's graph), as Alertmanager passes it on.
      generatorURL: a.generatorUrl ?? alertUrl(context, a),
      fingerprint: a.fingerprint,
    })),
    ...(n.digest ? { report: { subject: n.digest.subject, summary: n.digest.summary, url: n.digest.url } } : {}),
  };
}

export const createWebhookNotifier: NotifierFactory<WebhookChannel> = (channel, context) => {
  const secrets = secretsOf(channel);
  return {
    send: (n, signal) =>
      postJson({ label: 'webhook', url: channel.url, headers: channel.headers, body: webhookMessage(n, channel, context), signal, secrets }),
  };
};

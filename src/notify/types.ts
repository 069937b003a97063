/**
 * One channel = one small module behind one method. A channel module turns a
 * notification into its provider's request and classifies the answer; the
 * outbox worker (worker.ts) owns retries, backoff and giving up.
 */
import type { NotificationRequest } from '../alerting/types.js';
import type { ChannelSpec } from '../plan/alert-types.js';

export type SendOutcome =
  | { readonly kind: 'sent' }
  /** Worth trying again: network failure, 5xx, 429; `retryAfterMs` from the provider's Retry-After. */
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs?: number }
  /** Trying again will not help: a 4xx other than 408/429, a rejected address. */
  | { readonly kind: 'failed'; readonly reason: string };

export interface NotifyContext {
  /** Base URL of this launchwatch, for links back to alerts. */
  readonly externalUrl: string;
  readonly product: string;
}

export interface Notifier {
  send(notification: NotificationRequest, signal: AbortSignal): Promise<SendOutcome>;
}

export type NotifierFactory<C extends ChannelSpec = ChannelSpec> = (channel: C, context: NotifyContext) => Notifier;

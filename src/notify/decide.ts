/**
 * The worker's decisions, as pure functions with named reasons: what a
 * channel is sent of a notification (send_resolved), and what becomes of a
 * notification after an attempt (sent, retried at a time, or failed).
 */
import type { NotificationRequest } from '../alerting/types.js';
import type { ChannelSpec } from '../plan/alert-types.js';
import { nextAttempt } from './backoff.js';
import type { SendOutcome } from './types.js';

export type Delivery =
  | { readonly kind: 'send'; readonly request: NotificationRequest }
  | { readonly kind: 'skip'; readonly reason: string };

/**
 * As Alertmanager: a channel with sendResolved off is sent only the firing
 * alerts of a group, and nothing when none is firing. Acknowledgements go out
 * regardless.
 */
export function forChannel(n: NotificationRequest, channel: ChannelSpec): Delivery {
  if (channel.sendResolved || n.kind === 'acknowledge' || n.kind === 'digest') return { kind: 'send', request: n };
  const firing = n.alerts.filter((a) => a.status === 'firing');
  if (firing.length === 0) return { kind: 'skip', reason: 'resolved notifications are off for this channel (send_resolved: false)' };
  return { kind: 'send', request: firing.length === n.alerts.length ? n : { ...n, alerts: firing } };
}

export type Disposition =
  | { readonly kind: 'sent' }
  | { readonly kind: 'retry'; readonly at: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

export interface AfterAttempt {
  readonly outcome: SendOutcome;
  /** Attempts made, this one included. */
  readonly attempts: number;
  readonly createdAt: number;
  readonly now: number;
  readonly giveUpAfterMs: number;
  readonly random: () => number;
}

export function dispose(input: AfterAttempt): Disposition {
  const { outcome } = input;
  switch (outcome.kind) {
    case 'sent':
      return { kind: 'sent' };
    case 'failed':
      return { kind: 'failed', reason: outcome.reason };
    case 'retry': {
      const next = nextAttempt({ ...input, ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}) });
      if (next.kind === 'give_up') return { kind: 'failed', reason: `gave up after ${input.attempts} attempts: ${outcome.reason}` };
      return { kind: 'retry', at: next.at, reason: outcome.reason };
    }
  }
}

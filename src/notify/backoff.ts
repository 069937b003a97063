/**
 * When to try a notification again: exponential backoff from 1 s, doubling
 * up to 5 minutes, with ±20% jitter so that many retries do not arrive
 * together; never earlier than the provider's Retry-After; and no attempt
 * past the give-up deadline. Pure: the clock and the random source come in.
 */

export const INITIAL_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 5 * 60_000;
export const JITTER = 0.2;

export interface AttemptInput {
  /** Attempts made so far, the one that just failed included (1 after the first). */
  readonly attempts: number;
  /** When the notification was owed (epoch ms). */
  readonly createdAt: number;
  readonly now: number;
  /** The provider's Retry-After, in ms from now. */
  readonly retryAfterMs?: number;
  /** No attempt later than createdAt + giveUpAfterMs. */
  readonly giveUpAfterMs: number;
  /** A number in [0, 1): Math.random in production, fixed in tests. */
  readonly random: () => number;
}

export type NextAttempt =
  | { readonly kind: 'retry_at'; readonly at: number }
  | { readonly kind: 'give_up'; readonly reason: string };

/** The delay before attempt `attempts + 1`, without jitter. */
export function baseDelay(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return exponent >= 20 ? MAX_DELAY_MS : Math.min(MAX_DELAY_MS, INITIAL_DELAY_MS * 2 ** exponent);
}

export function nextAttempt(input: AttemptInput): NextAttempt {
  const jitter = 1 + JITTER * (2 * clamp01(input.random()) - 1);
  const delay = Math.max(Math.round(baseDelay(input.attempts) * jitter), input.retryAfterMs ?? 0);
  const at = input.now + delay;
  const deadline = input.createdAt + input.giveUpAfterMs;
  if (at > deadline) {
    return { kind: 'give_up', reason: `the next attempt would be ${Math.ceil((at - deadline) / 1000)} s past the give-up deadline` };
  }
  return { kind: 'retry_at', at };
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5;
}

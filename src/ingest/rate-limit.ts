/**
 * A token bucket per ingest key: `rate` events per second on average, up to
 * `burst` at once. Pure arithmetic over an injected clock.
 */

export interface RateLimit {
  readonly eventsPerSecond: number;
  readonly burst: number;
}

export type RateDecision =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'limited'; readonly retryAfterMs: number }
  /** More events in one request than the burst: waiting would not help. */
  | { readonly kind: 'over_burst'; readonly burst: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit) {}

  /** Takes `cost` tokens from the key's bucket if it has them. */
  take(key: string, cost: number, now: number): RateDecision {
    if (cost > this.limit.burst) return { kind: 'over_burst', burst: this.limit.burst };
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (elapsed / 1000) * this.limit.eventsPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (cost <= bucket.tokens) {
      bucket.tokens -= cost;
      return { kind: 'allowed' };
    }
    const missing = cost - bucket.tokens;
    return { kind: 'limited', retryAfterMs: Math.ceil((missing / this.limit.eventsPerSecond) * 1000) };
  }
}

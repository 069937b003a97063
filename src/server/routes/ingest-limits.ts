/**
 * The ingest rate limiters shared by POST /v1/events and POST /v1/logs, so an
 * ingest key has one budget whichever way it sends. One limiter per plan
 * value: a reloaded plan with a changed limit starts with full buckets.
 *
 * With several replicas (src/cluster/) each takes its share of the rate: the
 * plan's events per second divided by the replicas alive, so that a key's
 * traffic spread over them by a load balancer is held to the plan's rate in
 * all (the burst, the most one request may carry, stays whole on each).
 */
import { RateLimiter } from '../../ingest/rate-limit.js';
import type { Plan } from '../../plan/types.js';

export type RateCheck =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'over_burst'; readonly message: string }
  | { readonly kind: 'limited'; readonly retryAfterSeconds: number; readonly message: string };

export class IngestLimits {
  private readonly limiters = new WeakMap<Plan, { readonly replicas: number; readonly limiter: RateLimiter }>();

  /** `replicas()`: how many replicas share the rate now (default 1). */
  constructor(private readonly replicas: () => number = () => 1) {}

  /** The plan's limiter, or undefined when the plan sets no `ingest.rate_limit`. */
  limiterFor(plan: Plan): RateLimiter | undefined {
    const limit = plan.ingest.rateLimit;
    if (!limit) return undefined;
    const replicas = Math.max(1, Math.floor(this.replicas()));
    let entry = this.limiters.get(plan);
    if (!entry || entry.replicas !== replicas) {
      entry = { replicas, limiter: new RateLimiter({ eventsPerSecond: limit.eventsPerSecond / replicas, burst: limit.burst }) };
      this.limiters.set(plan, entry);
    }
    return entry.limiter;
  }

  /** Takes `count` events from the key's budget, or says why not (`unit` names what is counted in the messages). */
  check(plan: Plan, key: string, count: number, now: number, unit = 'events'): RateCheck {
    const limiter = this.limiterFor(plan);
    if (!limiter) return { kind: 'allowed' };
    const decision = limiter.take(key, count, now);
    if (decision.kind === 'over_burst') {
      return { kind: 'over_burst', message: `${count} ${unit} in one request is more than the rate limit's burst of ${decision.burst}; send smaller batches` };
    }
    if (decision.kind === 'limited') {
      return {
        kind: 'limited',
        retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000),
        message: `ingest key "${key}" is over its rate limit of ${plan.ingest.rateLimit?.eventsPerSecond} events/s; retry after the Retry-After header's seconds`,
      };
    }
    return { kind: 'allowed' };
  }
}

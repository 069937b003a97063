import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows a burst, then refills at the rate', () => {
    const limiter = new RateLimiter({ eventsPerSecond: 100, burst: 500 });
    expect(limiter.take('cli', 500, 0)).toEqual({ kind: 'allowed' });
    expect(limiter.take('cli', 1, 0)).toEqual({ kind: 'limited', retryAfterMs: 10 });
    // After 1 s, 100 tokens are back.
    expect(limiter.take('cli', 100, 1000)).toEqual({ kind: 'allowed' });
    expect(limiter.take('cli', 50, 1000)).toEqual({ kind: 'limited', retryAfterMs: 500 });
  });

  it('keeps one bucket per key', () => {
    const limiter = new RateLimiter({ eventsPerSecond: 10, burst: 10 });
    expect(limiter.take('a', 10, 0).kind).toBe('allowed');
    expect(limiter.take('b', 10, 0).kind).toBe('allowed');
    expect(limiter.take('a', 1, 0).kind).toBe('limited');
  });

  it('never fills above the burst, however long the pause', () => {
    const limiter = new RateLimiter({ eventsPerSecond: 10, burst: 20 });
    expect(limiter.take('a', 20, 0).kind).toBe('allowed');
    expect(limiter.take('a', 20, 3_600_000).kind).toBe('allowed');
    expect(limiter.take('a', 1, 3_600_000).kind).toBe('limited');
  });

  it('says when one request holds more events than the burst allows', () => {
    const limiter = new RateLimiter({ eventsPerSecond: 10, burst: 20 });
    expect(limiter.take('a', 21, 0)).toEqual({ kind: 'over_burst', burst: 20 });
    expect(limiter.take('a', 20, 0).kind).toBe('allowed');
  });
});

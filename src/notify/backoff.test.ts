import { describe, expect, it } from 'vitest';
import { baseDelay, MAX_DELAY_MS, nextAttempt } from './backoff.js';

const T0 = 1_000_000;
const HOUR = 3_600_000;
const middle = () => 0.5;

describe('nextAttempt', () => {
  it('waits 1 s after the first attempt, doubling each time up to 5 minutes', () => {
    expect([1, 2, 3, 4, 5, 8, 9, 10, 11, 50, 5000].map(baseDelay)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 128_000, 256_000, 300_000, 300_000, 300_000, 300_000]);
    expect(nextAttempt({ attempts: 1, createdAt: T0, now: T0, giveUpAfterMs: HOUR, random: middle })).toEqual({ kind: 'retry_at', at: T0 + 1_000 });
    expect(nextAttempt({ attempts: 3, createdAt: T0, now: T0 + 10_000, giveUpAfterMs: HOUR, random: middle })).toEqual({ kind: 'retry_at', at: T0 + 14_000 });
    expect(nextAttempt({ attempts: 12, createdAt: T0, now: T0 + 10_000, giveUpAfterMs: HOUR, random: middle })).toEqual({ kind: 'retry_at', at: T0 + 10_000 + MAX_DELAY_MS });
  });

  it('spreads retries by ±20% with the injected random', () => {
    const at = (r: number) => nextAttempt({ attempts: 2, createdAt: T0, now: T0, giveUpAfterMs: HOUR, random: () => r });
    expect(at(0)).toEqual({ kind: 'retry_at', at: T0 + 1_600 });
    expect(at(0.999999)).toEqual({ kind: 'retry_at', at: T0 + 2_400 });
    expect(at(0.25)).toEqual({ kind: 'retry_at', at: T0 + 1_800 });
    expect(at(Number.NaN)).toEqual({ kind: 'retry_at', at: T0 + 2_000 });
  });

  it('never comes earlier than Retry-After, but does not shorten a longer backoff', () => {
    expect(nextAttempt({ attempts: 1, createdAt: T0, now: T0, retryAfterMs: 30_000, giveUpAfterMs: HOUR, random: () => 0.99 })).toEqual({ kind: 'retry_at', at: T0 + 30_000 });
    expect(nextAttempt({ attempts: 5, createdAt: T0, now: T0, retryAfterMs: 1_000, giveUpAfterMs: HOUR, random: middle })).toEqual({ kind: 'retry_at', at: T0 + 16_000 });
    expect(nextAttempt({ attempts: 1, createdAt: T0, now: T0, retryAfterMs: 0, giveUpAfterMs: HOUR, random: middle })).toEqual({ kind: 'retry_at', at: T0 + 1_000 });
  });

  it('gives up when the next attempt would fall past createdAt + giveUpAfterMs', () => {
    expect(nextAttempt({ attempts: 2, createdAt: T0, now: T0 + 8_000, giveUpAfterMs: 10_000, random: middle })).toEqual({ kind: 'retry_at', at: T0 + 10_000 });
    expect(nextAttempt({ attempts: 2, createdAt: T0, now: T0 + 8_001, giveUpAfterMs: 10_000, random: middle })).toMatchObject({ kind: 'give_up' });
    expect(nextAttempt({ attempts: 1, createdAt: T0, now: T0, retryAfterMs: HOUR, giveUpAfterMs: HOUR - 1, random: middle })).toEqual({
      kind: 'give_up',
      reason: 'the next attempt would be 1 s past the give-up deadline',
    });
    expect(nextAttempt({ attempts: 1, createdAt: T0, now: T0, giveUpAfterMs: 0, random: middle })).toMatchObject({ kind: 'give_up' });
  });
});

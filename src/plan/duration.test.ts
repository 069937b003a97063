import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

function ms(text: string): number {
  const result = parseDuration(text);
  if (result.kind !== 'ok') throw new Error(`expected "${text}" to parse, got: ${result.reason}`);
  return result.ms;
}

describe('parseDuration', () => {
  it('reads every unit', () => {
    expect(ms('250ms')).toBe(250);
    expect(ms('30s')).toBe(30_000);
    expect(ms('5m')).toBe(300_000);
    expect(ms('24h')).toBe(86_400_000);
    expect(ms('7d')).toBe(604_800_000);
    expect(ms('2w')).toBe(1_209_600_000);
  });

  it('reads a fraction, zero and surrounding spaces', () => {
    expect(ms('1.5h')).toBe(5_400_000);
    expect(ms('0s')).toBe(0);
    expect(ms(' 7d ')).toBe(604_800_000);
  });

  it.each(['7', '7 d', '7 days', '-1d', '1y', 'd', '', '1h30m', '1D'])('rejects %j with the accepted forms', (text) => {
    const result = parseDuration(text);
    expect(result).toEqual({
      kind: 'invalid',
      reason: `"${text}" is not a duration (expected a number and a unit: ms, s, m, h, d or w, e.g. 30s, 5m, 24h, 7d)`,
    });
  });
});

describe('formatDuration', () => {
  it('writes the largest unit up to days that divides the duration exactly', () => {
    expect(formatDuration(604_800_000)).toBe('7d');
    expect(formatDuration(2_592_000_000)).toBe('30d');
    expect(formatDuration(86_400_000)).toBe('1d');
    expect(formatDuration(5_400_000)).toBe('90m');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(1_500)).toBe('1500ms');
  });

  it('reads back to the same duration', () => {
    for (const value of [250, 30_000, 300_000, 3_600_000, 86_400_000, 1_209_600_000, 93_600_000]) {
      expect(ms(formatDuration(value))).toBe(value);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { formatPoints, formatRelative, formatValue, plural, signedAmount } from './unit-format.js';

describe('plural', () => {
  it('says one thing in the singular and every other count in the plural', () => {
    expect(plural(1, 'incident')).toBe('1 incident');
    expect(plural(0, 'incident')).toBe('0 incidents');
    expect(plural(2, 'day')).toBe('2 days');
    expect(plural(3, 'repair', 'repairs made')).toBe('3 repairs made');
  });
});

describe('changes', () => {
  it('never writes a change that is not zero as 0.0', () => {
    expect(formatPoints(-0.0004)).toBe('−0.04 pp');
    expect(formatPoints(0.02)).toBe('+2.0 pp');
    expect(formatRelative(0.125)).toBe('+12.5%');
    expect(formatRelative(-0.00002)).toBe('−0.002%');
    expect(signedAmount(0)).toBe('±0.0');
  });
});

describe('formatValue', () => {
  it('writes a whole number without decimals in any unit', () => {
    expect(formatValue(85, 'ms')).toBe('85 ms');
    expect(formatValue(3, 'sessions')).toBe('3 sessions');
    expect(formatValue(85.25, 'ms')).toBe('85.3 ms');
  });
  it('writes percentages past the edges as numbers, an overspent budget of -100 % too', () => {
    expect(formatValue(-1, 'percent')).toBe('-100%');
    expect(formatValue(1, 'percent')).toBe('100%');
    expect(formatValue(-4.35714285714, 'percent')).toBe('-435.7%');
    expect(formatValue(-0.9995, 'percent')).toBe('-99.95%');
  });
});

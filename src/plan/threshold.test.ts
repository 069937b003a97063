import { describe, expect, it } from 'vitest';
import { holds, parseThreshold, type Threshold } from './threshold.js';

function threshold(text: string | number): Threshold {
  const result = parseThreshold(text);
  if (result.kind !== 'ok') throw new Error(`expected "${text}" to parse, got: ${result.reason}`);
  return result.threshold;
}

function reason(text: string | number): string {
  const result = parseThreshold(text);
  if (result.kind !== 'invalid') throw new Error(`expected "${text}" to be rejected`);
  return result.reason;
}

describe('parseThreshold', () => {
  it('reads each comparator with its number', () => {
    expect(threshold('>= 150')).toEqual({ kind: 'compare', op: '>=', value: 150, text: '>= 150' });
    expect(threshold('> 0.5')).toEqual({ kind: 'compare', op: '>', value: 0.5, text: '> 0.5' });
    expect(threshold('<= 2000')).toEqual({ kind: 'compare', op: '<=', value: 2000, text: '<= 2000' });
    expect(threshold('< 100')).toEqual({ kind: 'compare', op: '<', value: 100, text: '< 100' });
  });

  it('reads durations as milliseconds, for time figures such as MTTA', () => {
    expect(threshold('<= 5m')).toEqual({ kind: 'compare', op: '<=', value: 300_000, text: '<= 5m' });
    expect(threshold('< 1.5h')).toMatchObject({ op: '<', value: 5_400_000 });
    expect(threshold('< 250ms')).toMatchObject({ value: 250 });
    expect(threshold('30s..2m')).toMatchObject({ kind: 'range', min: 30_000, max: 120_000 });
    expect(threshold('>= 1e3')).toMatchObject({ value: 1000 });
    expect(reason('<= 5 min')).toMatch(/not a threshold/);
    expect(reason('<= -5m')).toMatch(/not a threshold/);
  });

  it('accepts no space after the comparator, negative numbers and exponents', () => {
    expect(threshold('>=150')).toMatchObject({ op: '>=', value: 150 });
    expect(threshold('> -1.5')).toMatchObject({ op: '>', value: -1.5 });
    expect(threshold('< 1e3')).toMatchObject({ op: '<', value: 1000 });
  });

  it('trims the text and keeps the trimmed text for display', () => {
    expect(threshold('  >= 150  ')).toMatchObject({ text: '>= 150' });
  });

  it('reads a percentage as a fraction, the number a ratio metric yields', () => {
    expect(threshold('>= 86%')).toMatchObject({ op: '>=', value: 0.86 });
    expect(threshold('>= 86.2%')).toMatchObject({ value: 0.862 });
    expect(threshold('< 0.5%')).toMatchObject({ value: 0.005 });
  });

  it('gives a percentage the exact fraction, not a rounding artefact', () => {
    // 99.9 / 100 is 0.9990000000000001 in floating point; the threshold must be 0.999.
    expect(threshold('>= 99.9%')).toMatchObject({ value: 0.999 });
    expect(threshold('<= 1.1%')).toMatchObject({ value: 0.011 });
  });

  it('reads a range a..b with numbers or percentages, with or without spaces', () => {
    expect(threshold('20%..30%')).toEqual({ kind: 'range', min: 0.2, max: 0.3, text: '20%..30%' });
    expect(threshold('20% .. 30%')).toMatchObject({ kind: 'range', min: 0.2, max: 0.3 });
    expect(threshold('-5..5')).toMatchObject({ kind: 'range', min: -5, max: 5 });
    expect(threshold('3..3')).toMatchObject({ kind: 'range', min: 3, max: 3 });
  });

  it('rejects a range whose lower bound is above its upper bound', () => {
    expect(reason('30%..20%')).toBe('range "30%..20%" has its lower bound above its upper bound');
  });

  it('rejects a bare number: the direction of the comparison must be written', () => {
    expect(reason(150)).toBe(
      '"150" is not a threshold (expected ">= x", "> x", "<= x", "< x" or "a..b", with numbers, percentages like 86% or durations like 5m)',
    );
    expect(reason('86%')).toContain('"86%" is not a threshold');
  });

  it.each(['', '=> 5', '== 5', '>= lots', '≥ 150', '>= 150 users', '20%-30%', '>= .5', '>= 5%%'])('rejects %j', (text) => {
    expect(reason(text)).toContain('is not a threshold');
  });
});

describe('holds', () => {
  it('compares with each operator, boundaries included only by >= and <=', () => {
    expect([149, 150, 151].map((v) => holds(threshold('>= 150'), v))).toEqual([false, true, true]);
    expect([149, 150, 151].map((v) => holds(threshold('> 150'), v))).toEqual([false, false, true]);
    expect([99, 100, 101].map((v) => holds(threshold('<= 100'), v))).toEqual([true, true, false]);
    expect([99, 100, 101].map((v) => holds(threshold('< 100'), v))).toEqual([true, false, false]);
  });

  it('includes both ends of a range', () => {
    const refinement = threshold('20%..30%');
    expect([0.19, 0.2, 0.25, 0.3, 0.31].map((v) => holds(refinement, v))).toEqual([false, true, true, true, false]);
  });

  it('holds at a percentage boundary for the ratio that hits it exactly', () => {
    expect(holds(threshold('>= 86.2%'), 862 / 1000)).toBe(true);
    expect(holds(threshold('>= 99.9%'), 999 / 1000)).toBe(true);
    expect(holds(threshold('< 30%'), 3 / 10)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { band, betterWay, parseBound, progress } from './target.js';

describe('parseBound', () => {
  it('reads the API target forms, percentages as fractions', () => {
    expect(parseBound('>= 86%')).toEqual({ kind: 'above', value: 0.86, inclusive: true });
    expect(parseBound('< 100')).toEqual({ kind: 'below', value: 100, inclusive: false });
    expect(parseBound('<= 0.5%')).toEqual({ kind: 'below', value: 0.005, inclusive: true });
    expect(parseBound('20%..30%')).toEqual({ kind: 'range', low: 0.2, high: 0.3 });
    expect(parseBound('> -3')).toEqual({ kind: 'above', value: -3, inclusive: false });
  });
  it('gives nothing for what it cannot read', () => {
    expect(parseBound('about 5')).toBeUndefined();
    expect(parseBound('>= x')).toBeUndefined();
    expect(parseBound('1..b')).toBeUndefined();
  });
});

describe('progress', () => {
  it('moves towards an "at least" target and stops at 1', () => {
    expect(progress(75, parseBound('>= 150'))).toBe(0.5);
    expect(progress(200, parseBound('>= 150'))).toBe(1);
  });
  it('is met under an "at most" target and shrinks above it', () => {
    expect(progress(80, parseBound('< 100'))).toBe(1);
    expect(progress(200, parseBound('< 100'))).toBe(0.5);
  });
  it('is met inside a range and measured from the nearer bound outside it', () => {
    expect(progress(0.25, parseBound('20%..30%'))).toBe(1);
    expect(progress(0.1, parseBound('20%..30%'))).toBe(0.5);
    expect(progress(0.6, parseBound('20%..30%'))).toBe(0.5);
  });
  it('is undefined without a value or a target', () => {
    expect(progress(null, parseBound('>= 1'))).toBeUndefined();
    expect(progress(3, undefined)).toBeUndefined();
  });
});

describe('betterWay and band', () => {
  it('says which way is better', () => {
    expect(betterWay(parseBound('>= 1'))).toBe('up');
    expect(betterWay(parseBound('< 1'))).toBe('down');
    expect(betterWay(parseBound('1..2'))).toBe('none');
    expect(betterWay(undefined)).toBe('none');
  });
  it('draws the green band within the data', () => {
    expect(band({ kind: 'above', value: 0.86, inclusive: true }, 1)).toEqual({ low: 0.86, high: 1.05 });
    expect(band({ kind: 'below', value: 100, inclusive: false }, 300)).toEqual({ low: 0, high: 100 });
    expect(band({ kind: 'range', low: 0.2, high: 0.3 }, 1)).toEqual({ low: 0.2, high: 0.3 });
  });
});

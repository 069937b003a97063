import { describe, expect, it } from 'vitest';
import { mulberry32, poisson } from './random.js';

describe('poisson', () => {
  const meanOf = (mean: number, n: number): number => {
    const rng = mulberry32(7);
    return Array.from({ length: n }, () => poisson(rng, mean)).reduce((a, b) => a + b, 0) / n;
  };

  it('keeps its mean for small means', () => {
    expect(meanOf(3, 5000)).toBeGreaterThan(2.85);
    expect(meanOf(3, 5000)).toBeLessThan(3.15);
  });

  it('keeps its mean for large means (the product method alone stops near 745)', () => {
    expect(meanOf(2000, 300)).toBeGreaterThan(1970);
    expect(meanOf(2000, 300)).toBeLessThan(2030);
  });
});

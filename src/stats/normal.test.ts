import { describe, expect, it } from 'vitest';
import { normalCdf, twoSidedP } from './normal.js';

/** Reference values: scipy.stats.norm.cdf (SciPy 1.17), i.e. 0.5 * erfc(-x / sqrt 2) in double precision. */
const REFERENCE: readonly [number, number][] = [
  [-37.5, 0],
  [-10, 7.61985302416047e-24],
  [-8, 6.22096057427174e-16],
  [-6, 9.865876450376946e-10],
  [-3, 0.0013498980316300933],
  [-1.96, 0.024997895148220435],
  [-1, 0.15865525393145707],
  [0, 0.5],
  [0.5, 0.6914624612740131],
  [1, 0.8413447460685429],
  [1.96, 0.9750021048517795],
  [3, 0.9986501019683699],
  [7.5, 0.9999999999999681],
];

describe('normalCdf', () => {
  it('matches the reference to 1e-14 absolute over the line', () => {
    for (const [x, p] of REFERENCE) expect(Math.abs(normalCdf(x) - p)).toBeLessThan(1e-14);
  });

  it('keeps relative accuracy in the far lower tail', () => {
    for (const [x, p] of REFERENCE.filter(([x]) => x <= -3 && x > -37)) expect(Math.abs(normalCdf(x) / p - 1)).toBeLessThan(1e-8);
    expect(Math.abs(normalCdf(-3) / 0.0013498980316300933 - 1)).toBeLessThan(1e-13);
  });

  it('is symmetric and monotone', () => {
    for (let x = -6; x <= 6; x += 0.25) {
      expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14);
      expect(normalCdf(x + 0.25)).toBeGreaterThan(normalCdf(x));
    }
  });
});

describe('twoSidedP', () => {
  it('gives the textbook 5 % at z = 1.96 and 1 at z = 0', () => {
    expect(twoSidedP(1.96)).toBeCloseTo(0.04999579029644087, 14);
    expect(twoSidedP(-1.96)).toBe(twoSidedP(1.96));
    expect(twoSidedP(0)).toBe(1);
  });
});

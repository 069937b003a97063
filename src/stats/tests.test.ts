import { describe, expect, it } from 'vitest';
import { mannWhitneyU, twoProportionZ } from './tests.js';

describe('twoProportionZ (pooled)', () => {
  it('40/100 against 55/100: z = 2.124, p = 0.0337', () => {
    // Hand computation: pooled p = 0.475, se = sqrt(0.475 * 0.525 * 0.02) = 0.070622, z = 0.15 / se.
    const t = twoProportionZ(40, 100, 55, 100);
    expect(t.z).toBeCloseTo(2.1239769762143665, 12);
    expect(t.p).toBeCloseTo(0.03367206885634577, 12);
    expect([t.p1, t.p2]).toEqual([0.4, 0.55]);
  });

  it('351/605 against 41/195: a large drop, p = 2.57e-19', () => {
    const t = twoProportionZ(351, 605, 41, 195);
    expect(t.z).toBeCloseTo(-8.985900954503084, 10);
    expect(t.p / 2.566230446480293e-19).toBeCloseTo(1, 7);
  });

  it('says nothing differs when every trial succeeded in both samples', () => {
    expect(twoProportionZ(10, 10, 30, 30)).toMatchObject({ z: 0, p: 1 });
  });

  it('refuses impossible counts', () => {
    expect(() => twoProportionZ(11, 10, 1, 2)).toThrow(RangeError);
    expect(() => twoProportionZ(0, 0, 1, 2)).toThrow(RangeError);
  });
});

describe('mannWhitneyU (normal approximation, tie and continuity corrections)', () => {
  // Reference values: scipy.stats.mannwhitneyu(a, b, method="asymptotic", use_continuity=True), SciPy 1.17.
  it('without ties: U = 17, p = 0.1113', () => {
    const t = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    expect(t.u).toBe(17);
    expect(t.p).toBeCloseTo(0.11134688653314041, 12);
    expect(t.z).toBeLessThan(0); // the second sample is the smaller
  });

  it('with ties: U = 47.5, p = 0.0984', () => {
    const t = mannWhitneyU([1.1, 2.2, 2.2, 3.5, 4.0, 4.0, 4.0, 5.1, 6.3], [0.5, 1.1, 2.2, 2.9, 3.0, 3.0, 3.6]);
    expect(t.u).toBe(47.5);
    expect(t.p).toBeCloseTo(0.09835271923258915, 12);
  });

  it('is symmetric: swapping the samples flips z and keeps p', () => {
    const a = [5, 7, 7, 9, 12, 15];
    const b = [1, 2, 7, 8];
    const ab = mannWhitneyU(a, b);
    const ba = mannWhitneyU(b, a);
    expect(ab.u + ba.u).toBe(a.length * b.length);
    expect(ba.z).toBeCloseTo(-ab.z, 12);
    expect(ba.p).toBeCloseTo(ab.p, 12);
  });

  it('gives p = 1 for identical constant samples, and tiny p for separated large samples', () => {
    expect(mannWhitneyU([3, 3, 3], [3, 3]).p).toBe(1);
    const low = Array.from({ length: 200 }, (_, i) => i);
    const high = Array.from({ length: 200 }, (_, i) => 1000 + i);
    const t = mannWhitneyU(low, high);
    expect(t.u).toBe(0);
    expect(t.z).toBeGreaterThan(15);
    expect(t.p).toBeLessThan(1e-50);
  });
});

import { describe, expect, it } from 'vitest';
import { valueRange } from './scale.js';

describe('valueRange', () => {
  it('starts at zero and reaches the highest value or top', () => {
    expect(valueRange(0.2, 0.9)).toEqual([0, 0.9]);
    expect(valueRange(1, 5.36, [2.94, 0.98])).toEqual([0, 5.36]);
    expect(valueRange(0.1, 0.4, [0.95])).toEqual([0, 0.95]);
  });
  it('spans from the lowest value up to zero when every value is below zero (an overspent budget)', () => {
    expect(valueRange(-4.36, -4.36)).toEqual([-4.36, 0]);
    expect(valueRange(-3, -1)).toEqual([-3, 0]);
    expect(valueRange(-2, 0.5)).toEqual([-2, 0.5]);
  });
  it('never gives an empty span', () => {
    expect(valueRange(0, 0)).toEqual([0, 1]);
    expect(valueRange(null, null)).toEqual([0, 1]);
    expect(valueRange(Number.NaN, Number.POSITIVE_INFINITY)).toEqual([0, 1]);
  });
});

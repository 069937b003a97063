import { describe, expect, it } from 'vitest';
import { tickLabels } from './ticks.js';

describe('tickLabels', () => {
  it('gives small percentages enough decimals that no two ticks read the same', () => {
    const labels = tickLabels([0, 0.0002, 0.0004, 0.0006, 0.0008, 0.001], 'percent');
    expect(new Set(labels).size).toBe(6);
    expect(labels).toEqual(['0%', '0.02%', '0.04%', '0.06%', '0.08%', '0.10%']);
  });
  it('tells close ticks apart in the middle of the scale too', () => {
    expect(tickLabels([0.862, 0.8625, 0.863], 'percent')).toEqual(['86.20%', '86.25%', '86.30%']);
    expect(tickLabels([1.1, 1.15, 1.2], 'count')).toEqual(['1.10', '1.15', '1.20']);
  });
  it('keeps the shared text when it already tells ticks apart', () => {
    expect(tickLabels([0, 0.2, 0.4], 'percent')).toEqual(['0%', '20.0%', '40.0%']);
    expect(tickLabels([0, 500, 1000], 'ms')).toEqual(['0 ms', '500 ms', '1000 ms']);
  });
});

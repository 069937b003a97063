import { describe, expect, it } from 'vitest';
import { customRange, resolveRange } from './range.js';

const now = Date.parse('2026-11-22T12:00:00Z');

describe('resolveRange', () => {
  it('resolves the presets against now', () => {
    expect(resolveRange('7d', now)).toEqual({ from: now - 7 * 86_400_000, to: now, label: 'last 7d' });
  });
  it('reads a custom range and refuses a backwards one', () => {
    const from = Date.parse('2026-11-01T00:00:00Z');
    expect(resolveRange(customRange(from, now), now)).toEqual({ from, to: now, label: '2026-11-01T00:00 to 2026-11-22T12:00 UTC' });
    expect(resolveRange(customRange(now, from), now).label).toBe('last 24h');
    expect(resolveRange('junk', now).label).toBe('last 24h');
  });
});

import { describe, expect, it } from 'vitest';
import { ago, change, formatValue, groupLabel, statusLabel } from './format.js';
import { parseBound } from './target.js';

describe('formatValue', () => {
  it('writes each unit', () => {
    expect(formatValue(0.8812, 'percent')).toBe('88.1%');
    expect(formatValue(87.815, 'ms')).toBe('87.8 ms');
    expect(formatValue(1640.1, 'ms')).toBe('1,640 ms');
    expect(formatValue(12_500, 'ms')).toBe('12.5 s');
    expect(formatValue(152, 'count')).toBe('152');
    expect(formatValue(0.8246, '')).toBe('0.82');
    expect(formatValue(5.5, 'sessions')).toBe('5.5 sessions');
    expect(formatValue(3, '')).toBe('3');
    expect(formatValue(0, '')).toBe('0');
    expect(formatValue(null, 'percent')).toBe('—');
  });
});

describe('change', () => {
  it('gives percentage points for percentages, better when the target asks for more', () => {
    expect(change(0.88, 0.86, 'percent', parseBound('>= 86%'))).toEqual({ text: '+2.0 pp', direction: 'up', better: true });
    expect(change(0.8, 0.86, 'percent', parseBound('>= 86%'))).toEqual({ text: '−6.0 pp', direction: 'down', better: false });
  });
  it('gives a relative change otherwise, better when the target asks for less', () => {
    expect(change(90, 100, 'ms', parseBound('< 100'))).toEqual({ text: '−10%', direction: 'down', better: true });
    expect(change(103, 100, 'count')).toEqual({ text: '+3.0%', direction: 'up' });
  });
  it('says no change, or nothing when it cannot compare', () => {
    expect(change(100, 100, 'count')).toEqual({ text: 'no change', direction: 'flat' });
    expect(change(5, 0, 'count')).toBeUndefined();
    expect(change(null, 3, 'count')).toBeUndefined();
    expect(change(3, null, 'percent')).toBeUndefined();
  });
});

describe('statusLabel', () => {
  it('has a word and a symbol for every status', () => {
    expect(statusLabel('green')).toEqual({ word: 'On target', icon: '✓' });
    expect(statusLabel('yellow').word).toBe('Warning');
    expect(statusLabel('red')).toEqual({ word: 'Off target', icon: '✕' });
    expect(statusLabel('unknown', 'no_target').word).toBe('No target');
    expect(statusLabel('unknown', 'no_data').word).toBe('No data');
  });
});

describe('ago and groupLabel', () => {
  it('writes elapsed time', () => {
    expect(ago(0, 30_000)).toBe('30 s ago');
    expect(ago(0, 5 * 60_000)).toBe('5 min ago');
    expect(ago(0, 3 * 3_600_000)).toBe('3 h ago');
    expect(ago(0, 72 * 3_600_000)).toBe('3 d ago');
  });
  it('joins group values', () => {
    expect(groupLabel({ platform: 'macos', arch: 'aarch64' })).toBe('macos / aarch64');
    expect(groupLabel({ backend: null })).toBe('(none)');
    expect(groupLabel({})).toBe('all');
  });
});

import { describe, expect, it } from 'vitest';
import { ago, change, dateTime, formatValue, groupLabel, sparkNote, statusLabel, stepWords, unavailableReason } from './format.js';
import { parseBound } from './target.js';
import { formatValue as serverFormat } from '../../src/format.js';

describe('formatValue', () => {
  it('writes each unit', () => {
    expect(formatValue(0.8812, 'percent')).toBe('88.1%');
    expect(formatValue(87.815, 'ms')).toBe('87.8 ms');
    expect(formatValue(1640.1, 'ms')).toBe('1640 ms');
    expect(formatValue(12_500, 'ms')).toBe('12.5 s');
    expect(formatValue(600_000, 'ms')).toBe('10m');
    expect(formatValue(152, 'count')).toBe('152');
    expect(formatValue(0.8246, '')).toBe('0.82');
    expect(formatValue(5.5, 'sessions')).toBe('5.50 sessions');
    expect(formatValue(3, '')).toBe('3');
    expect(formatValue(40, 'ms')).toBe('40 ms');
    expect(formatValue(null, 'percent')).toBe('–');
  });
  it('never rounds a share near the edge onto 100% or 0%', () => {
    expect(formatValue(0.9995, 'percent')).toBe('99.95%');
    expect(formatValue(0.0009, 'percent')).toBe('0.09%');
    expect(formatValue(1, 'percent')).toBe('100%');
  });
  it('writes every value as the server does (one formatter for both)', () => {
    const values = [null, 0, 1, 0.0004, 0.25, 0.9995, 3, 87.815, 1640.1, 12_500, 3_900_000, -12.34];
    for (const unit of ['percent', 'ms', 'count', '', 'sessions']) {
      for (const value of values) expect(formatValue(value, unit), `${value} ${unit}`).toBe(serverFormat(value, unit));
    }
  });
});

describe('change', () => {
  it('gives percentage points for percentages, better when the target asks for more', () => {
    expect(change(0.88, 0.86, 'percent', parseBound('>= 86%'))).toEqual({ text: '+2.0 pp', direction: 'up', better: true });
    expect(change(0.8, 0.86, 'percent', parseBound('>= 86%'))).toEqual({ text: '−6.0 pp', direction: 'down', better: false });
  });
  it('gives a relative change otherwise, better when the target asks for less', () => {
    expect(change(90, 100, 'ms', parseBound('< 100'))).toEqual({ text: '−10.0%', direction: 'down', better: true });
    expect(change(0.8004, 0.8, 'percent')).toEqual({ text: 'no change', direction: 'flat' });
    expect(change(0.8006, 0.8, 'percent')).toEqual({ text: '+0.1 pp', direction: 'up' });
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
    expect(statusLabel('unknown', 'source_unavailable')).toEqual({ word: 'Unavailable', icon: '?' });
  });
});

describe('unavailableReason', () => {
  it("gives the API's reason for a metric whose source is off", () => {
    expect(unavailableReason({ status: 'unknown', reason: 'source_unavailable', unavailable: 'GitHub source disabled: no token' })).toBe('GitHub source disabled: no token');
    expect(unavailableReason({ status: 'unknown', reason: 'source_unavailable' })).toBe('Its source is unavailable.');
  });
  it('gives nothing for any other metric', () => {
    expect(unavailableReason({ status: 'unknown', reason: 'no_data' })).toBeUndefined();
    expect(unavailableReason({ status: 'green', reason: 'meets_green', unavailable: 'stale' })).toBeUndefined();
  });
});

describe('sparkNote', () => {
  it("says a sparkline's points are per bucket, not the metric's window", () => {
    expect(sparkNote(3 * 3_600_000, '3d')).toBe('per 3 h, not the 3d value');
    expect(sparkNote(7 * 3_600_000, '7d')).toBe('per 7 h, not the 7d value');
    expect(sparkNote(3 * 60_000, '1h')).toBe('per 3 min, not the 1h value');
    expect(sparkNote(30 * 3_600_000, '30d')).toBe('per 30 h, not the 30d value');
    expect(stepWords(2 * 86_400_000)).toBe('2 d');
    expect(stepWords(30_000)).toBe('30 s');
  });
});

describe('dateTime', () => {
  it('gives the date and the zone with the time', () => {
    const text = dateTime(Date.UTC(2026, 11, 7, 5, 28, 47), 'UTC');
    expect(text).toContain('2026');
    expect(text).toContain('5:28:47');
    expect(text).toMatch(/UTC$/);
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

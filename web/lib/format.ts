/** Values, changes, times and statuses in words, for every page. Pure. */
import type { Status } from '../../src/metrics/result.js';
import type { Bound } from './target.js';
import { betterWay } from './target.js';

export type { Status } from '../../src/metrics/result.js';

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function significant(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1000) return grouping.format(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1).replace(/\.0$/, '');
  return value.toFixed(2).replace(/\.?0+$/, '') || '0';
}

/** A value in its unit: percent values are fractions (0.862 → "86.2%"); ms become seconds from 10 s. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'percent':
      return `${(value * 100).toFixed(1)}%`;
    case 'ms':
      return value >= 10_000 ? `${significant(value / 1000)} s` : `${significant(value)} ms`;
    case 'count':
    case '':
      return significant(value);
    default:
      return `${significant(value)} ${unit}`;
  }
}

export interface Change {
  readonly text: string;
  readonly direction: 'up' | 'down' | 'flat';
  /** Whether the move is towards the target; undefined when the target has no direction. */
  readonly better?: boolean;
}

/**
 * The change from the previous period: percentage points for percentages,
 * otherwise relative. Undefined when either value is missing, or the
 * previous value is 0 for a relative change.
 */
export function change(current: number | null, previous: number | null, unit: string, bound?: Bound): Change | undefined {
  if (current === null || previous === null) return undefined;
  let delta: number;
  let text: string;
  if (unit === 'percent') {
    delta = (current - previous) * 100;
    text = `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(1)} pp`;
  } else {
    if (previous === 0) return undefined;
    delta = ((current - previous) / Math.abs(previous)) * 100;
    text = `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(Math.abs(delta) < 10 ? 1 : 0)}%`;
  }
  const direction = Math.abs(delta) < 0.05 ? 'flat' : delta > 0 ? 'up' : 'down';
  if (direction === 'flat') return { text: 'no change', direction };
  const way = betterWay(bound);
  return way === 'none' ? { text, direction } : { text, direction, better: way === direction };
}

/** The word and the symbol for a status, so it is never told by colour alone. */
export function statusLabel(status: Status, reason?: string): { readonly word: string; readonly icon: string } {
  switch (status) {
    case 'green':
      return { word: 'On target', icon: '✓' };
    case 'yellow':
      return { word: 'Warning', icon: '!' };
    case 'red':
      return { word: 'Off target', icon: '✕' };
    case 'unknown':
      return { word: reason === 'no_target' ? 'No target' : reason === 'evaluation_error' ? 'Error' : 'No data', icon: '?' };
  }
}

/** "3 min ago", "2 h ago", "4 d ago" from two epoch times. */
export function ago(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

/** A group's field values as one label: "static", "macos / aarch64", "(none)" for a null field. */
export function groupLabel(group: Readonly<Record<string, string | number | boolean | null>>): string {
  const values = Object.values(group);
  if (values.length === 0) return 'all';
  return values.map((v) => (v === null ? '(none)' : String(v))).join(' / ');
}

/** Values, changes, times and statuses in words, for every page. Pure. */
import type { Status } from '../../src/metrics/result.js';
import type { Bound } from './target.js';
import { betterWay } from './target.js';
import { formatPoints, formatRelative } from '../../src/unit-format.js';

export type { Status } from '../../src/metrics/result.js';

/** Values in their unit, as the server writes them too (src/unit-format.ts). */
export { formatValue, plural } from '../../src/unit-format.js';

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
    text = formatPoints(current - previous);
  } else {
    if (previous === 0) return undefined;
    delta = ((current - previous) / Math.abs(previous)) * 100;
    text = formatRelative((current - previous) / Math.abs(previous));
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
      return { word: reason === 'no_target' ? 'No target' : reason === 'evaluation_error' ? 'Error' : reason === 'source_unavailable' ? 'Unavailable' : 'No data', icon: '?' };
  }
}

/** Why an unknown metric has no value, as the API says it (its source is off or has never answered); undefined for any other metric. */
export function unavailableReason(metric: { readonly status: Status; readonly reason: string; readonly unavailable?: string }): string | undefined {
  if (metric.status !== 'unknown' || metric.reason !== 'source_unavailable') return undefined;
  return metric.unavailable !== undefined && metric.unavailable.trim() !== '' ? metric.unavailable : 'Its source is unavailable.';
}

/** A step in words: "3 min", "3 h", "2 d" (whole days only), "90 s" under a minute. */
export function stepWords(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms >= 86_400_000 && ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  return `${Math.round(ms / 3_600_000)} h`;
}

/**
 * What a sparkline's points are: each one bucket's own events, not the
 * metric's window, so a windowed metric's sparkline is not its tile's value:
 * "per 3 h, not the 7d value".
 */
export function sparkNote(stepMs: number, window: string): string {
  return `per ${stepWords(stepMs)}, not the ${window} value`;
}

/** A moment with its date and time zone, in the reader's locale and zone: "Dec 7, 2026, 5:28:47 AM UTC". */
export function dateTime(ms: number, zone?: string): string {
  return new Date(ms).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit', timeZoneName: 'short', ...(zone ? { timeZone: zone } : {}) });
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

/**
 * What to do about a noisy rule, decided from its figures, the first that
 * applies: it flaps → raise `for`; it is mostly never acknowledged → lower
 * its severity; it mostly notifies outside working hours → give its route a
 * time interval; it fires very often → silence it while its cause is fixed.
 * Pure.
 */
import type { AlertRule, Severity } from '../plan/alert-types.js';
import { SEVERITIES } from '../plan/alert-types.js';

export type SuggestionKind = 'raise_for' | 'lower_severity' | 'add_time_interval' | 'add_silence';

export interface Suggestion {
  readonly kind: SuggestionKind;
  readonly text: string;
}

export interface RuleFigures {
  readonly rule: string;
  readonly fired: number;
  readonly flapped: number;
  readonly neverAcknowledged: number;
  readonly notifications: { readonly total: number; readonly outsideWorkingHours: number };
}

/** Below these a rule is not called noisy: a handful of firings a month is what alerts are for. */
export const NOISY = { flaps: 2, flapShare: 0.25, unacknowledged: 3, unacknowledgedShare: 0.5, outside: 3, outsideShare: 0.5, firings: 10 } as const;

const MINUTE = 60_000;

function humanMinutes(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${Math.round(ms / MINUTE)}m`;
}

/** The most severe severity the rule fires at, or null for a rule the plan does not have (an external alert). */
function topSeverity(rule: AlertRule | undefined): Severity | null {
  return rule?.levels[0]?.severity ?? null;
}

export function suggestionFor(figures: RuleFigures, rule: AlertRule | undefined): Suggestion | null {
  const { fired, flapped, neverAcknowledged, notifications } = figures;
  if (flapped >= NOISY.flaps && flapped >= fired * NOISY.flapShare) {
    const now = rule?.forMs ?? 0;
    const next = Math.max(5 * MINUTE, 2 * now);
    return { kind: 'raise_for', text: `flapped ${flapped} of ${fired} times: raise \`for\` from ${humanMinutes(now)} to ${humanMinutes(next)} (or set keep_firing_for)` };
  }
  const severity = topSeverity(rule);
  const lower = severity === null ? undefined : SEVERITIES[SEVERITIES.indexOf(severity) + 1];
  if (neverAcknowledged >= NOISY.unacknowledged && neverAcknowledged >= fired * NOISY.unacknowledgedShare && lower !== undefined) {
    return { kind: 'lower_severity', text: `${neverAcknowledged} of ${fired} firings were never acknowledged: lower the severity from ${severity} to ${lower}` };
  }
  if (notifications.outsideWorkingHours >= NOISY.outside && notifications.outsideWorkingHours >= notifications.total * NOISY.outsideShare && severity !== 'P1') {
    return {
      kind: 'add_time_interval',
      text: `${notifications.outsideWorkingHours} of ${notifications.total} notifications came outside working hours: give its route active_time_intervals: [working_hours]`,
    };
  }
  if (fired >= NOISY.firings) return { kind: 'add_silence', text: `fired ${fired} times: add a silence while its cause is fixed, then revisit its condition` };
  return null;
}

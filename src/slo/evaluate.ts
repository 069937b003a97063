/**
 * One SLO's figures at a moment, from its per-minute counts, pure: over the
 * SLO's window the SLI, the error budget and its status; the burn rate over
 * each reported window and each window its alerts read; per group for an SLO
 * with `by` (the SLO's own figures are over all of its events).
 */
import { formatDuration } from '../plan/duration.js';
import type { SloSpec } from '../plan/slo-types.js';
import { REPORTED_WINDOWS_MS } from '../plan/slo-windows.js';
import type { GroupKey } from '../store/types.js';
import { budgetStatus, burnRate, errorBudget, sliOf, type BudgetStatus, type Counts, type ErrorBudget } from './burn.js';
import { mergedMinutes, minuteOf, windowSums, type MinuteCounts } from './rollup.js';

export interface SloFigures {
  readonly good: number;
  readonly total: number;
  /** good / total over the window, null without events. */
  readonly sli: number | null;
  readonly errorBudget: ErrorBudget;
  readonly status: BudgetStatus;
  /** Burn rate by window (ms): the reported windows and those the alerts read. */
  readonly burn: ReadonlyMap<number, number | null>;
}

export interface SloGroupFigures extends SloFigures {
  readonly group: GroupKey;
}

export interface SloFiguresAt extends SloFigures {
  readonly slo: SloSpec;
  readonly at: number;
  /** One entry per group for an SLO with by, empty otherwise. */
  readonly groups: readonly SloGroupFigures[];
}

/** Every window an SLO's figures need, its own first. */
export function windowsOf(slo: SloSpec): number[] {
  const alertWindows = [slo.alerts.page, slo.alerts.ticket].flatMap((a) => a?.windows.flatMap((p) => [p.longMs, p.shortMs]) ?? []);
  return [...new Set([slo.windowMs, ...REPORTED_WINDOWS_MS, ...alertWindows])];
}

/** The longest window an SLO reads, in whole minutes. */
export function spanMinutes(slo: SloSpec): number {
  return Math.ceil(Math.max(...windowsOf(slo)) / 60_000);
}

function figuresOf(slo: SloSpec, sums: ReadonlyMap<number, Counts>): SloFigures {
  const window = sums.get(slo.windowMs) ?? { good: 0, total: 0 };
  const budget = errorBudget(window, slo.objective);
  const burn = new Map<number, number | null>();
  for (const [ms, counts] of sums) burn.set(ms, burnRate(counts, slo.objective));
  return { good: window.good, total: window.total, sli: sliOf(window), errorBudget: budget, status: budgetStatus(budget.remaining), burn };
}

export function evaluateSlo(slo: SloSpec, counts: MinuteCounts, at: number): SloFiguresAt {
  const windows = windowsOf(slo);
  const last = minuteOf(at);
  const whole = figuresOf(slo, windowSums(mergedMinutes(counts), last, windows));
  const groups =
    slo.by.length === 0
      ? []
      : [...counts.values()]
          .map((entry) => ({ group: entry.group, ...figuresOf(slo, windowSums(entry.minutes, last, windows)) }))
          .filter((g) => g.total > 0 || [...g.burn.values()].some((b) => b !== null))
          .sort((a, b) => JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)));
  return { ...whole, slo, at, groups };
}

/** A window's key in the API's burn_rates: 5m, 1h, 1d. */
export const windowKey = (ms: number): string => formatDuration(ms);

/**
 * The arithmetic of an SLO, pure: the SLI, the burn rate over a window, the
 * error budget and its status, and whether a burn-rate alert's pairs burn.
 *
 *   sli = good / total                      (null without events)
 *   burn(w) = (1 − good/total over w) / (1 − objective)
 *   budget total = (1 − objective) × total  (the bad events the objective allows)
 *   budget consumed = total − good
 *   budget remaining = 1 − consumed / budget total
 */
import type { BurnWindowPair } from '../plan/slo-types.js';

export interface Counts {
  readonly good: number;
  readonly total: number;
}

export const NO_COUNTS: Counts = Object.freeze({ good: 0, total: 0 });

export type BudgetStatus = 'green' | 'yellow' | 'red' | 'unknown';

export interface ErrorBudget {
  /** The bad events the objective allows over the window. */
  readonly total: number;
  /** The bad events so far. */
  readonly consumed: number;
  /** 1 − consumed / total: 1 untouched, 0 spent, negative once overspent; null without events. */
  readonly remaining: number | null;
}

/** Rounded to 12 significant digits: 1 − 0.995 is 0.005, not 0.0050000000000000044. */
export function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { good: a.good + b.good, total: a.total + b.total };
}

/** good / total, or null without events. */
export function sliOf(counts: Counts): number | null {
  return counts.total > 0 ? tidy(counts.good / counts.total) : null;
}

/** How many times faster than the objective allows the budget is spent: 1 spends it exactly over the window. Null without events. */
export function burnRate(counts: Counts, objective: number): number | null {
  if (counts.total <= 0) return null;
  return tidy((1 - counts.good / counts.total) / tidy(1 - objective));
}

export function errorBudget(counts: Counts, objective: number): ErrorBudget {
  const total = tidy(tidy(1 - objective) * counts.total);
  const consumed = counts.total - counts.good;
  return { total, consumed, remaining: counts.total > 0 ? tidy(1 - consumed / total) : null };
}

/** green while more than 25 % of the budget remains, yellow while some does, red once it is spent, unknown without events. */
export function budgetStatus(remaining: number | null): BudgetStatus {
  if (remaining === null) return 'unknown';
  if (remaining > 0.25) return 'green';
  if (remaining > 0) return 'yellow';
  return 'red';
}

/**
 * How hard an alert's pairs burn: for each pair the smaller of its two burn
 * rates over its factor, and the largest of those. Above 1, both windows of
 * some pair burn faster than its factor and the alert holds. Null when no pair
 * has events in both of its windows.
 */
export function burnSeverity(pairs: readonly BurnWindowPair[], burnOver: (windowMs: number) => number | null): number | null {
  let worst: number | null = null;
  for (const pair of pairs) {
    const long = burnOver(pair.longMs);
    const short = burnOver(pair.shortMs);
    if (long === null || short === null) continue;
    const value = tidy(Math.min(long, short) / pair.factor);
    if (worst === null || value > worst) worst = value;
  }
  return worst;
}

/** Whether a pair burns: both of its windows faster than its factor. */
export function pairBurns(pair: BurnWindowPair, burnOver: (windowMs: number) => number | null): boolean {
  const long = burnOver(pair.longMs);
  const short = burnOver(pair.shortMs);
  return long !== null && short !== null && long > pair.factor && short > pair.factor;
}

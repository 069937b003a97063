/**
 * The default burn-rate windows of an SLO's alerts: the SRE workbook's
 * (ch. 5, "Alerting on SLOs") for a 30-day budget, scaled to other windows as
 * Sloth scales them. Each pair spends a fixed share of the whole budget over
 * its long window (page: 2 % in 1 h, 5 % in 6 h; ticket: 10 % in 1 d, 10 % in
 * 3 d); the windows stay, and the factor is that share times the SLO window
 * over the long window: 2 % × 30 d / 1 h = 14.4, and 2 % × 28 d / 1 h = 13.44.
 */
import type { BurnWindowPair, SloAlertKind } from './slo-types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface DefaultPair {
  readonly budgetShare: number;
  readonly longMs: number;
  readonly shortMs: number;
}

const DEFAULTS: Readonly<Record<SloAlertKind, readonly DefaultPair[]>> = {
  page: [
    { budgetShare: 0.02, longMs: HOUR, shortMs: 5 * MINUTE },
    { budgetShare: 0.05, longMs: 6 * HOUR, shortMs: 30 * MINUTE },
  ],
  ticket: [
    { budgetShare: 0.1, longMs: DAY, shortMs: 2 * HOUR },
    { budgetShare: 0.1, longMs: 3 * DAY, shortMs: 6 * HOUR },
  ],
};

/** The windows every SLO's burn rates are reported over (the API's burn_rates keys). */
export const REPORTED_WINDOWS_MS: readonly number[] = [5 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, DAY, 3 * DAY];

/** The factor at which a long window spends `budgetShare` of a budget over `sloWindowMs`. */
export function burnFactor(budgetShare: number, sloWindowMs: number, longMs: number): number {
  // Rounded to 12 digits, so that 30 d gives 14.4 exactly rather than 14.400000000000002.
  return Number(((budgetShare * sloWindowMs) / longMs).toPrecision(12));
}

/** The default pairs of a page or ticket alert for an SLO over `sloWindowMs`. */
export function defaultWindows(kind: SloAlertKind, sloWindowMs: number): readonly BurnWindowPair[] {
  return DEFAULTS[kind].map((pair) => Object.freeze({ longMs: pair.longMs, shortMs: pair.shortMs, factor: burnFactor(pair.budgetShare, sloWindowMs, pair.longMs) }));
}

/**
 * What the SLO views draw, pure: the budget burn-down and burn-rate lines of
 * an SLO's series, the alert factors as guides across the burn-rate chart,
 * and a budget status in words.
 */
import type { SloJson, SloPoint } from '../data/slos.js';
import type { ChartLine } from './chart-lines.js';
import type { Status } from './format.js';

/** A dashed horizontal line across a chart at `value`, with what it is. */
export interface Guide {
  readonly value: number;
  readonly label: string;
}

/** The budget remaining at each point (a fraction: 1 untouched, 0 spent, below 0 overspent). */
export function burnDownLine(points: readonly SloPoint[]): ChartLine {
  return { label: 'budget remaining', points: points.map((p) => ({ t: Date.parse(p.t), value: p.remaining })) };
}

/** The windows whose burn rates are drawn: the long window of each alert pair (in the API's burn rates), else the reported long windows. */
export function burnWindows(slo: Pick<SloJson, 'alerts' | 'burn_rates'>): string[] {
  const reported = new Set(Object.keys(slo.burn_rates));
  const longs = slo.alerts.flatMap((a) => a.windows.map((w) => w.long)).filter((w) => reported.has(w));
  const chosen = longs.length > 0 ? longs : ['1h', '6h', '1d', '3d'].filter((w) => reported.has(w));
  return [...new Set(chosen)];
}

/** One line per window (see burnWindows): its burn rate at each point. */
export function burnLines(windows: readonly string[], points: readonly SloPoint[]): ChartLine[] {
  return windows.map((w) => ({ label: `burn rate over ${w}`, points: points.map((p) => ({ t: Date.parse(p.t), value: p.burn_rates[w] ?? null })) }));
}

/** One guide per alert pair: `page 14.4× (1h and 5m)`. */
export function factorGuides(slo: Pick<SloJson, 'alerts'>): Guide[] {
  return slo.alerts.flatMap((a) => a.windows.map((w) => ({ value: w.factor, label: `${a.kind} ${burnText(w.factor)} (${w.long} and ${w.short})` })));
}

/** A budget's status in words, never by colour alone. */
export function budgetWord(status: Status): string {
  switch (status) {
    case 'green':
      return 'Budget healthy';
    case 'yellow':
      return 'Budget low';
    case 'red':
      return 'Budget exhausted';
    case 'unknown':
      return 'No data';
  }
}

/** `12.5× / 20×` for a pair's two burn rates; – for a window without events. */
export function burnText(value: number | null): string {
  if (value === null) return '–';
  return `${Number(value.toPrecision(3))}×`;
}

/**
 * The wire shapes of GET /api/v1/slos and of `launchwatch slo --json`, pure:
 * an SLO's figures with its alerts (their pairs, how hard each burns, and the
 * rule's alerts as they are) and its groups.
 */
import { formatDuration } from '../plan/duration.js';
import { SLO_ALERT_KINDS, sloAlertName, type SloSpec } from '../plan/slo-types.js';
import { REPORTED_WINDOWS_MS } from '../plan/slo-windows.js';
import type { GroupKey } from '../store/types.js';
import type { BudgetStatus, ErrorBudget } from './burn.js';
import { pairBurns } from './burn.js';
import { windowKey, type SloFigures, type SloFiguresAt } from './evaluate.js';

export interface SloGroupJson {
  readonly group: GroupKey;
  readonly sli: number | null;
  readonly good: number;
  readonly total: number;
  readonly error_budget: ErrorBudget;
  readonly burn_rates: Readonly<Record<string, number | null>>;
  readonly status: BudgetStatus;
}

export interface SloAlertJson {
  readonly name: string;
  readonly kind: 'page' | 'ticket';
  readonly severity: string;
  readonly windows: readonly { readonly long: string; readonly short: string; readonly factor: number; readonly long_burn: number | null; readonly short_burn: number | null; readonly burning: boolean }[];
  /** The rule's alerts as the engine has them: inactive, pending, firing or resolved, per group. */
  readonly instances: readonly { readonly labels: Readonly<Record<string, string>>; readonly state: string; readonly since: string }[];
  readonly firing: boolean;
}

export interface SloJson extends Omit<SloGroupJson, 'group'> {
  readonly id: string;
  readonly title: string;
  readonly objective: number;
  readonly window: string;
  readonly by: readonly string[];
  readonly alerts: readonly SloAlertJson[];
  readonly groups: readonly SloGroupJson[];
}

/** An alert instance as the API reads it from the engine. */
export interface AlertState {
  readonly rule: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly state: string;
  readonly since: number;
}

export function burnRatesJson(burn: ReadonlyMap<number, number | null>): Record<string, number | null> {
  return Object.fromEntries(REPORTED_WINDOWS_MS.map((ms) => [windowKey(ms), burn.get(ms) ?? null]));
}

function figuresJson(f: SloFigures): Omit<SloGroupJson, 'group'> {
  return { sli: f.sli, good: f.good, total: f.total, error_budget: f.errorBudget, burn_rates: burnRatesJson(f.burn), status: f.status };
}

function alertsJson(slo: SloSpec, burn: ReadonlyMap<number, number | null>, alerts: readonly AlertState[]): SloAlertJson[] {
  const over = (ms: number): number | null => burn.get(ms) ?? null;
  return SLO_ALERT_KINDS.flatMap((kind) => {
    const spec = slo.alerts[kind];
    if (!spec) return [];
    const name = sloAlertName(slo.id, kind);
    const instances = alerts.filter((a) => a.rule === name).map((a) => ({ labels: a.labels, state: a.state, since: new Date(a.since).toISOString() }));
    return [
      {
        name,
        kind,
        severity: spec.severity,
        windows: spec.windows.map((p) => ({ long: formatDuration(p.longMs), short: formatDuration(p.shortMs), factor: p.factor, long_burn: over(p.longMs), short_burn: over(p.shortMs), burning: pairBurns(p, over) })),
        instances,
        firing: instances.some((i) => i.state === 'firing'),
      },
    ];
  });
}

export function sloJson(figures: SloFiguresAt, alerts: readonly AlertState[]): SloJson {
  const slo = figures.slo;
  return {
    id: slo.id,
    title: slo.title,
    objective: slo.objective,
    window: formatDuration(slo.windowMs),
    by: slo.by,
    ...figuresJson(figures),
    alerts: alertsJson(slo, figures.burn, alerts),
    groups: figures.groups.map((g) => ({ group: g.group, ...figuresJson(g) })),
  };
}

/**
 * The SLO section of the reports, pure: from an SLO's per-minute counts, its
 * figures over the period (bad events in it against the error budget of the
 * window ending with the period, and what remains of that budget then), the
 * spans in which it burned faster than its budget allows, and the incidents
 * that overlapped them or came from the SLO's alerts.
 */
import type { Transition } from '../alerting/types.js';
import type { Incident } from '../incidents/types.js';
import { formatDuration } from '../plan/duration.js';
import { SLO_ALERT_KINDS, sloAlertName, type SloSpec } from '../plan/slo-types.js';
import type { Plan } from '../plan/types.js';
import { budgetStatus, burnRate, errorBudget, sliOf, tidy, type Counts } from '../slo/burn.js';
import { mergedMinutes, MINUTE_MS, minuteOf, windowSums, type MinuteCounts } from '../slo/rollup.js';
import type { GroupKey } from '../store/types.js';
import type { SloFiguresRow, SloIncidentRow, SloPeriod, SloPeriodFigures, SloRow } from './model.js';

/** A span of time, [from, to), epoch ms. */
interface Span {
  readonly from: number;
  readonly to: number;
}

function periodFigures(slo: SloSpec, minutes: ReadonlyMap<number, Counts>, first: number, last: number): SloPeriodFigures {
  let good = 0;
  let total = 0;
  for (const [minute, c] of minutes) {
    if (minute < first || minute > last) continue;
    good += c.good;
    total += c.total;
  }
  return { period: { good, total }, atEnd: windowSums(minutes, last, [slo.windowMs]).get(slo.windowMs) ?? { good: 0, total: 0 } };
}

/** The spans of minutes first..last whose own burn rate is above 1 (budget spent faster than the objective allows), consecutive minutes joined. */
export function burnedSpans(slo: SloSpec, minutes: ReadonlyMap<number, Counts>, first: number, last: number): [number, number][] {
  const hot = [...minutes]
    .filter(([minute, c]) => minute >= first && minute <= last && (burnRate(c, slo.objective) ?? 0) > 1)
    .map(([minute]) => minute)
    .sort((a, b) => a - b);
  const spans: [number, number][] = [];
  for (const minute of hot) {
    const open = spans[spans.length - 1];
    if (open && open[1] === minute * MINUTE_MS) open[1] = (minute + 1) * MINUTE_MS;
    else spans.push([minute * MINUTE_MS, (minute + 1) * MINUTE_MS]);
  }
  return spans;
}

/**
 * One SLO over [period.from, end) (end: the period's end, or the report's time while it is in progress),
 * from counts that cover the minutes from the SLO's window before `end` on.
 */
export function sloPeriodOf(slo: SloSpec, counts: MinuteCounts, period: Span, end: number): SloPeriod {
  const first = minuteOf(period.from);
  const last = minuteOf(end - 1);
  const merged = mergedMinutes(counts);
  const groups =
    slo.by.length === 0
      ? []
      : [...counts.values()]
          .map((g) => ({ group: g.group, ...periodFigures(slo, g.minutes, first, last) }))
          .filter((g) => g.atEnd.total > 0 || g.period.total > 0)
          .sort((a, b) => JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)));
  return { sloId: slo.id, ...periodFigures(slo, merged, first, last), groups, burned: burnedSpans(slo, merged, first, last) };
}

/** The figures a report shows for an SLO or a group: consumed = bad events in the period / the budget of the window at the end. */
export function sloFiguresRow(figures: SloPeriodFigures, objective: number): SloFiguresRow {
  const budget = errorBudget(figures.atEnd, objective);
  const bad = figures.period.total - figures.period.good;
  return {
    sli: sliOf(figures.atEnd),
    bad,
    budget: budget.total,
    consumed: budget.total > 0 ? tidy(bad / budget.total) : null,
    remaining: budget.remaining,
    status: budgetStatus(budget.remaining),
  };
}

const overlaps = (a: Span, spans: readonly (readonly [number, number])[]): boolean => spans.some(([from, to]) => from < a.to && to > a.from);

/**
 * The incidents of the period tied to an SLO: those declared from or joined by its page or ticket alerts (`alert`),
 * and those whose span (from their start, else their declaration, to their resolution, else `now`) overlaps a span
 * in which the SLO burned (`burn`). In declaration order.
 */
export function sloIncidents(slo: SloSpec, burned: readonly (readonly [number, number])[], incidents: readonly Incident[], alerts: readonly Transition[], now: number): SloIncidentRow[] {
  const rules = new Set(SLO_ALERT_KINDS.map((kind) => sloAlertName(slo.id, kind)));
  const fingerprints = new Set(alerts.filter((t) => rules.has(t.rule)).map((t) => t.fingerprint));
  return [...incidents]
    .sort((a, b) => a.declaredAt - b.declaredAt || a.id.localeCompare(b.id))
    .flatMap((incident): SloIncidentRow[] => {
      const linked = (incident.fromRule !== undefined && rules.has(incident.fromRule)) || incident.alerts.some((fp) => fingerprints.has(fp));
      const span = { from: incident.startedAt ?? incident.declaredAt, to: Math.max(incident.resolvedAt ?? now, (incident.startedAt ?? incident.declaredAt) + 1) };
      const why = linked ? 'alert' : overlaps(span, burned) ? 'burn' : undefined;
      return why ? [{ id: incident.id, title: incident.title, severity: incident.severity, why }] : [];
    });
}

const groupKeyText = (group: GroupKey): string => JSON.stringify(group);

/** The SLO section's rows, one per plan SLO in plan order (an SLO whose figures could not be read shows without them). */
export function sloRows(plan: Plan, slos: readonly SloPeriod[], incidents: readonly Incident[], alerts: readonly Transition[], now: number): SloRow[] {
  const byId = new Map(slos.map((s) => [s.sloId, s]));
  return plan.slos.map((slo): SloRow => {
    const head = { id: slo.id, title: slo.title, objective: slo.objective, window: formatDuration(slo.windowMs) };
    const data = byId.get(slo.id);
    if (!data || data.failed) {
      const empty = sloFiguresRow({ period: { good: 0, total: 0 }, atEnd: { good: 0, total: 0 } }, slo.objective);
      return { ...head, ...empty, groups: [], incidents: [], error: 'could not be read (see the server log)' };
    }
    return {
      ...head,
      ...sloFiguresRow(data, slo.objective),
      groups: data.groups.map((g) => ({ group: g.group, ...sloFiguresRow(g, slo.objective) })).sort((a, b) => groupKeyText(a.group).localeCompare(groupKeyText(b.group))),
      incidents: sloIncidents(slo, data.burned, incidents, alerts, now),
    };
  });
}

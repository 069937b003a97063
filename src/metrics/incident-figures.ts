/**
 * Measuring incident metrics (`incidents:` in the plan, src/plan/incident-metrics.ts):
 * the figure over the incidents of the window, as they stood at its end, for
 * the whole and per severity. `measureIncidents` and `incidentSeries` are pure;
 * `incidentFigures` is the `incidents` figure source (src/metrics/sources/), so
 * that the evaluation, the series API and alert rules measure an incident metric
 * as they do any other.
 */
import { figures, resolutionVerdict, responseVerdict, type Verdict } from '../incidents/stats.js';
import { INCIDENT_SEVERITIES, type Incident, type IncidentSeverity } from '../incidents/types.js';
import type { IncidentMeasure, IncidentPolicy } from '../plan/incident-types.js';
import type { MetricSpec, Plan } from '../plan/types.js';
import type { IncidentQuery, Measurement, Series, TimeRange } from '../store/types.js';
import type { FigureOf, FigureSource } from './sources/source.js';

/** The incident as it stood at `at`: what happened later has not happened yet. */
export function asOf(incident: Incident, at: number): Incident {
  const later = (t: number | null): boolean => t !== null && t > at;
  if (!later(incident.acknowledgedAt) && !later(incident.mitigatedAt) && !later(incident.resolvedAt)) return incident;
  const upTo = (t: number | null): number | null => (later(t) ? null : t);
  return { ...incident, acknowledgedAt: upTo(incident.acknowledgedAt), mitigatedAt: upTo(incident.mitigatedAt), resolvedAt: upTo(incident.resolvedAt) };
}

function mean(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

function rate(verdicts: readonly Verdict[]): number | null {
  const met = verdicts.filter((v) => v.kind === 'met').length;
  const missed = verdicts.filter((v) => v.kind === 'missed').length;
  return met + missed === 0 ? null : met / (met + missed);
}

/** One figure over incidents already as of `range.to`: the value, and how many incidents it was taken over. */
function figure(measure: IncidentMeasure, incidents: readonly Incident[], policy: IncidentPolicy, range: TimeRange): { value: number | null; events: number } {
  if (measure.figure === 'open') {
    const open = incidents.filter((i) => i.declaredAt <= range.to && (i.resolvedAt === null || i.resolvedAt >= range.from));
    return { value: open.length, events: open.length };
  }
  const declared = incidents.filter((i) => i.declaredAt >= range.from && i.declaredAt <= range.to);
  const events = declared.length;
  switch (measure.figure) {
    case 'declared':
      return { value: events, events };
    case 'mtta':
      return { value: mean(declared.map((i) => figures(i).timeToAcknowledgeMs)), events };
    case 'mttm':
      return { value: mean(declared.map((i) => figures(i).timeToMitigateMs)), events };
    case 'mttr':
      return { value: mean(declared.map((i) => figures(i).timeToResolveMs)), events };
    case 'response_compliance':
      return { value: rate(declared.map((i) => responseVerdict(i, policy.severities[i.severity], range.to))), events };
    case 'resolution_compliance':
      return { value: rate(declared.map((i) => resolutionVerdict(i, policy.severities[i.severity], range.to))), events };
  }
}

/**
 * An incident metric over `range`, from the incidents active at some moment of it (as
 * `StateStore.incidents({ from, to })` lists them). Groups, with `by: severity`: each severity
 * the metric covers, also those without incidents (a count of 0 is a value).
 */
export function measureIncidents(metric: Pick<MetricSpec, 'by'> & { measure: IncidentMeasure }, incidents: readonly Incident[], policy: IncidentPolicy, range: TimeRange): Measurement {
  const severities: readonly IncidentSeverity[] = metric.measure.severities.length ? metric.measure.severities : INCIDENT_SEVERITIES;
  // Every figure is over incidents active at some moment of the range: declared by its end, not resolved before its start.
  const these = incidents
    .filter((i) => i.declaredAt <= range.to && (i.resolvedAt === null || i.resolvedAt >= range.from) && severities.includes(i.severity))
    .map((i) => asOf(i, range.to));
  const whole = figure(metric.measure, these, policy, range);
  const groups = metric.by.length
    ? severities.map((severity) => ({ group: { severity }, ...figure(metric.measure, these.filter((i) => i.severity === severity), policy, range) }))
    : [];
  return { value: whole.value, events: whole.events, groups };
}

/** The figure per bucket of `stepMs` from `range.from`: each bucket's incidents, as they stood at its end. */
export function incidentSeries(metric: Pick<MetricSpec, 'by'> & { measure: IncidentMeasure }, incidents: readonly Incident[], policy: IncidentPolicy, range: TimeRange, stepMs: number): Series {
  const buckets = Math.max(1, Math.ceil((range.to - range.from) / stepMs));
  // Oldest first: each bucket looks at the incidents declared by its end only.
  const byDeclaration = [...incidents].sort((a, b) => a.declaredAt - b.declaredAt);
  let declared = 0;
  const measured = Array.from({ length: buckets }, (_, i) => {
    const t = range.from + i * stepMs;
    while (declared < byDeclaration.length && (byDeclaration[declared]?.declaredAt ?? Infinity) <= t + stepMs - 1) declared++;
    return { t, m: measureIncidents(metric, byDeclaration.slice(0, declared), policy, { from: t, to: t + stepMs - 1 }) };
  });
  const groups = (measured[0]?.m.groups ?? []).map((g, index) => ({
    group: g.group,
    points: measured.map(({ t, m }) => ({ t, value: m.groups[index]?.value ?? null })),
  }));
  return { points: measured.map(({ t, m }) => ({ t, value: m.value })), groups };
}

/** Where incident metrics read the incidents from (the StateStore). */
export interface IncidentSource {
  incidents(query: IncidentQuery): Promise<Incident[]>;
}

/** The `incidents` figure source: incident metrics measured from `source`, with the plan's incident policy. */
export function incidentFigures(source: IncidentSource, plan: () => Plan): FigureSource<'incidents'> {
  const metricOf = (query: FigureOf<'incidents'>) => ({ by: query.by, measure: query.measure });
  return {
    measure: async (query, _metric, range) => measureIncidents(metricOf(query), await source.incidents(range), plan().incidents, range),
    series: async (query, _metric, range, stepMs) => incidentSeries(metricOf(query), await source.incidents(range), plan().incidents, range, stepMs),
  };
}

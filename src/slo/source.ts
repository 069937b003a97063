/**
 * Reading an SLO's per-minute good/total counts from the stores, on every
 * backend alike: an events or probe SLI is two count series of the EventStore
 * at a one-minute step (all the SLI's events, and those that are also good),
 * per group for an SLO with `by`; an incident SLI is read from the incidents,
 * each counted at its declaration's minute once it is decided (acknowledged,
 * or its time to acknowledge has passed).
 */
import type { Incident } from '../incidents/types.js';
import type { Filter, MetricSpec } from '../plan/metric-types.js';
import { PROBE_EVENT } from '../plan/probe-types.js';
import type { SloSpec } from '../plan/slo-types.js';
import type { IncidentStore } from '../store/ports.js';
import type { EventStore, GroupKey, Series } from '../store/types.js';
import type { Counts } from './burn.js';
import { MINUTE_MS, minuteOf, type GroupMinutes, type MinuteCounts } from './rollup.js';

export interface SloReadPorts {
  readonly events: Pick<EventStore, 'series'>;
  readonly incidents: Pick<IncidentStore, 'incidents'>;
}

const eq = (field: string, value: string | boolean): Filter => ({ field, condition: { op: 'eq', value } });

/** The event an events or probe SLI counts, its where, and what makes one good; undefined for an incident SLI. */
export function sliEvents(slo: SloSpec): { event: string; where: readonly Filter[]; good: readonly Filter[] } | undefined {
  const sli = slo.sli;
  if (sli.kind === 'events') return { event: sli.event, where: sli.where, good: sli.good };
  if (sli.kind === 'probe') return { event: PROBE_EVENT, where: [eq('probe', sli.probe)], good: [eq('ok', true)] };
  return undefined;
}

function countMetric(slo: SloSpec, which: 'good' | 'total', event: string, where: readonly Filter[]): MetricSpec {
  return { id: `slo:${slo.id}:${which}`, title: slo.title, from: event, where, measure: { kind: 'count' }, by: slo.by, windowMs: MINUTE_MS, targets: [], unit: 'count' };
}

function groupsOf(series: Series, by: readonly string[]): { group: GroupKey; points: Series['points'] }[] {
  return by.length === 0 ? [{ group: {}, points: series.points }] : series.groups.map((g) => ({ group: g.group, points: g.points }));
}

/** Per-minute counts for the minutes `from` .. `to` (inclusive) of an events or probe SLI. */
async function eventCounts(ports: SloReadPorts, slo: SloSpec, from: number, to: number): Promise<MinuteCounts> {
  const sli = sliEvents(slo);
  if (!sli) return new Map();
  const range = { from: from * MINUTE_MS, to: (to + 1) * MINUTE_MS };
  const [total, good] = await Promise.all([
    ports.events.series(countMetric(slo, 'total', sli.event, sli.where), range, MINUTE_MS),
    ports.events.series(countMetric(slo, 'good', sli.event, [...sli.where, ...sli.good]), range, MINUTE_MS),
  ]);
  const counts: MinuteCounts = new Map();
  for (const { group, points } of groupsOf(total, slo.by)) {
    const minutes = new Map<number, Counts>();
    for (const p of points) if ((p.value ?? 0) > 0) minutes.set(minuteOf(p.t), { good: 0, total: p.value ?? 0 });
    counts.set(JSON.stringify(group), { group, minutes });
  }
  for (const { group, points } of groupsOf(good, slo.by)) {
    const entry = counts.get(JSON.stringify(group));
    if (!entry) continue;
    for (const p of points) {
      const minute = minuteOf(p.t);
      const c = entry.minutes.get(minute);
      if (c && (p.value ?? 0) > 0) entry.minutes.set(minute, { good: p.value ?? 0, total: c.total });
    }
  }
  return counts;
}

/** Whether an incident was acknowledged in time: true, false, or null while it may still be. */
export function acknowledgedInTime(incident: Incident, withinMs: number, now: number): boolean | null {
  if (incident.acknowledgedAt !== null) return incident.acknowledgedAt - incident.declaredAt <= withinMs;
  return now - incident.declaredAt > withinMs ? false : null;
}

/** Per-minute counts of an incident SLI over the minutes `from` .. the current one. */
export function incidentMinutes(slo: SloSpec, incidents: readonly Incident[], from: number, now: number): MinuteCounts {
  const counts: MinuteCounts = new Map();
  if (slo.sli.kind !== 'incidents') return counts;
  const { withinMs, severities } = slo.sli;
  for (const incident of incidents) {
    if (severities.length > 0 && !severities.includes(incident.severity)) continue;
    const minute = minuteOf(incident.declaredAt);
    const verdict = acknowledgedInTime(incident, withinMs, now);
    if (minute < from || incident.declaredAt > now || verdict === null) continue;
    const group: GroupKey = slo.by.length > 0 ? { severity: incident.severity } : {};
    const key = JSON.stringify(group);
    let entry: GroupMinutes | undefined = counts.get(key);
    if (!entry) counts.set(key, (entry = { group, minutes: new Map() }));
    const c = entry.minutes.get(minute) ?? { good: 0, total: 0 };
    entry.minutes.set(minute, { good: c.good + (verdict ? 1 : 0), total: c.total + 1 });
  }
  return counts;
}

/** The SLO's per-minute counts for minutes `from` .. the one `now` is in. */
export async function readMinutes(ports: SloReadPorts, slo: SloSpec, from: number, now: number): Promise<MinuteCounts> {
  if (slo.sli.kind !== 'incidents') return eventCounts(ports, slo, from, minuteOf(now));
  const incidents = await ports.incidents.incidents({ from: from * MINUTE_MS, to: now });
  return incidentMinutes(slo, incidents, from, now);
}

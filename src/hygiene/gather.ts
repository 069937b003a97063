/**
 * What hygiene is computed from, read from the state ports: the transitions,
 * notifications and incidents of the span, the silences, and what is known of
 * each alert's labels (the live alerts, the notifications' alerts).
 */
import type { Labels } from '../alerting/types.js';
import type { Plan } from '../plan/types.js';
import type { AlertStateStore, IncidentStore, OutboxStore, SilenceStore } from '../store/ports.js';
import { WORKING_HOURS_INTERVAL } from './clock.js';
import { hygiene, type Hygiene } from './hygiene.js';

export type HygieneState = AlertStateStore & OutboxStore & SilenceStore & IncidentStore;

/** At most this many transitions and notifications are read for one span. */
export const MAX_ROWS = 20_000;

export async function gatherHygiene(plan: Plan, state: HygieneState, live: readonly { fingerprint: string; labels: Labels }[], from: number, to: number): Promise<Hygiene> {
  const transitions = await state.alertHistory({ from, to, limit: MAX_ROWS });
  const notifications = (await state.notifications({ from, to, limit: MAX_ROWS })).filter((n) => n.kind !== 'digest');
  const labels = new Map<string, Labels>(live.map((a) => [a.fingerprint, a.labels]));
  for (const n of notifications) for (const a of n.alerts) if (!labels.has(a.fingerprint)) labels.set(a.fingerprint, a.labels);
  const incidents = (await state.incidents({ from, to })).filter((i) => i.declaredAt >= from && i.declaredAt <= to);
  const workingHours = plan.routing.timeIntervals?.[WORKING_HOURS_INTERVAL];
  return hygiene({
    from,
    to,
    transitions,
    notifications,
    silences: await state.silences(),
    incidents,
    labels,
    people: Object.values(plan.people),
    rules: plan.alerts,
    zone: plan.reports.timezone,
    ...(workingHours !== undefined ? { workingHours } : {}),
  });
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The wire shape (snake_case, ISO times), shared by the API, the CLI and the monthly report. */
export function hygieneJson(h: Hygiene) {
  return {
    from: iso(h.from),
    to: iso(h.to),
    rules: h.rules.map((r) => ({
      rule: r.rule,
      fired: r.fired,
      flapped: r.flapped,
      acknowledged: r.acknowledged,
      never_acknowledged: r.neverAcknowledged,
      silenced: r.silenced,
      time_to_acknowledge: { median_ms: r.timeToAcknowledge.medianMs, p95_ms: r.timeToAcknowledge.p95Ms },
      notifications: { total: r.notifications.total, in_working_hours: r.notifications.inWorkingHours, outside_working_hours: r.notifications.outsideWorkingHours },
      noise: r.noise,
      suggestion: r.suggestion,
    })),
    people: h.people.map((p) => ({ person: p.person, zone: p.zone, pages: p.pages, at_night: p.atNight, on_weekends: p.onWeekends, outside_working_hours: p.outsideWorkingHours })),
    incidents_without_alert: h.incidentsWithoutAlert.map((i) => ({ id: i.id, title: i.title, severity: i.severity, declared_at: iso(i.declaredAt), declared_by: i.declaredBy })),
  };
}

export type HygieneJson = ReturnType<typeof hygieneJson>;

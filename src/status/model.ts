/**
 * What the public status page shows, decided from plain data: each component's
 * state now (the worst an open incident gives it), the incidents the public
 * may see with their public updates only, and a per-day history.
 *
 * Days are UTC calendar days. An incident weighs on a component from the start
 * of its impact (its declaration unless known earlier) until its resolution (open ones until now) with the state it
 * gives the component today: the timeline does not record earlier states.
 * Nothing private is copied into the model: no notes, people, commander,
 * alerts or severity, and only timeline entries marked public. An incident
 * declared from an alert shows the public title the plan gives it, never the
 * alert's or metric's names. Days that ended before launchwatch first
 * observed anything are `observed: false` (no data), not operational.
 */
import type { MaintenanceView } from './maintenance.js';
import { COMPONENT_STATES, type ComponentState, type Incident, type IncidentStatus, type TimelineEntry, type TimelineKind } from '../incidents/types.js';

export const DAY_MS = 86_400_000;

export interface StatusComponentSpec {
  readonly name: string;
  readonly description?: string;
}

/** What a component's uptime probes say (src/sources/probes/status.ts). */
export interface ComponentProbes {
  /** major_outage while one of its probes is down, else operational. */
  readonly state: ComponentState;
  /** Share of ok results over the whole window; null without results. */
  readonly uptime: number | null;
  /** Share of ok results per day of the window, oldest first; null for a day without results. */
  readonly daily: readonly (number | null)[];
}

/** The state a day's uptime gives a component: 99.9 % and more operational, then degraded, partial (below 99 %), major (below 95 %). */
export function uptimeState(uptime: number | null): ComponentState {
  if (uptime === null || uptime >= 0.999) return 'operational';
  if (uptime >= 0.99) return 'degraded';
  return uptime >= 0.95 ? 'partial_outage' : 'major_outage';
}

export interface StatusInput {
  /** The plan's components, in plan order. */
  readonly components: Readonly<Record<string, StatusComponentSpec>>;
  /** Open incidents and those resolved in the window; others are ignored. */
  readonly incidents: readonly Incident[];
  /** Timeline entries of those incidents, oldest first as written; entries not marked public are dropped here too. */
  readonly publicTimeline: readonly TimelineEntry[];
  readonly now: number;
  /** How many days of history, today included. */
  readonly days: number;
  /** By component id, for components that uptime probes watch. */
  readonly probes?: Readonly<Record<string, ComponentProbes>>;
  /** When launchwatch first observed anything (its first recorded evaluation); null: not yet; absent: every day counts as observed. */
  readonly observedSince?: number | null;
  /** Public titles for incidents declared from an alert: by rule name (`public_summary`), else `fallback` (`incidents.public_title`). */
  readonly publicTitles?: PublicTitles;
}

export interface PublicTitles {
  readonly byRule: Readonly<Record<string, string>>;
  readonly fallback?: string;
}

export interface DayStatus {
  /** `YYYY-MM-DD`, UTC. */
  readonly date: string;
  readonly start: number;
  readonly state: ComponentState;
  /** Incidents that weighed on the component that day, in declaration order. */
  readonly incidents: readonly string[];
  /** The share of its probes' results that were ok that day; null without probes or results. */
  readonly uptime: number | null;
  /** False for a day that ended before the first observation and has neither incident nor probe result: no data, not operational. */
  readonly observed: boolean;
}

export interface ComponentStatus {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly state: ComponentState;
  /** Open incidents affecting it. */
  readonly incidents: readonly string[];
  /** The share of its probes' results that were ok over the window; null without probes or results. */
  readonly uptime: number | null;
  /** Oldest day first, today last. */
  readonly history: readonly DayStatus[];
}

export interface PublicUpdate {
  readonly at: number;
  readonly kind: TimelineKind;
  readonly text: string;
}

export interface PublicIncident {
  readonly id: string;
  readonly title: string;
  readonly status: IncidentStatus;
  /** The worst state it gives a component on the page; operational when it affects none. */
  readonly impact: ComponentState;
  readonly declaredAt: number;
  /** When the impact began: before the declaration when known, else the declaration. */
  readonly startedAt: number;
  readonly resolvedAt: number | null;
  /** Affected components on the page, in plan order. */
  readonly components: readonly { readonly id: string; readonly name: string; readonly state: ComponentState }[];
  /** Newest first (of one moment, the last written first). */
  readonly updates: readonly PublicUpdate[];
}

export type OverallReason = 'all_operational' | 'active_incidents' | 'components_affected';

export interface StatusModel {
  readonly now: number;
  readonly days: number;
  /** Start of the oldest day shown. */
  readonly windowStart: number;
  readonly overall: { readonly state: ComponentState; readonly reason: OverallReason };
  readonly components: readonly ComponentStatus[];
  /** Open incidents, newest first. */
  readonly active: readonly PublicIncident[];
  /** Incidents resolved within the window, most recently resolved (then declared) first. */
  readonly resolved: readonly PublicIncident[];
  /** Scheduled maintenance running or ahead (src/status/maintenance.ts), by start; absent: none. */
  readonly maintenance?: readonly MaintenanceView[];
}

const RANK: Readonly<Record<ComponentState, number>> = Object.fromEntries(COMPONENT_STATES.map((s, i) => [s, i])) as Record<ComponentState, number>;

export function worseState(a: ComponentState, b: ComponentState): ComponentState {
  return RANK[b] > RANK[a] ? b : a;
}

export const startOfUtcDay = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

const isOpen = (incident: Incident): boolean => incident.status !== 'resolved';

const impactStart = (incident: Incident): number => Math.min(incident.startedAt ?? incident.declaredAt, incident.declaredAt);

/** When an incident stopped weighing on its components: its resolution, or (open) never. */
function impactEnd(incident: Incident): number {
  if (isOpen(incident)) return Number.POSITIVE_INFINITY;
  const end = incident.resolvedAt ?? incident.lastUpdateAt;
  // An incident declared and resolved in the same millisecond still marks its day.
  return Math.max(end, impactStart(incident) + 1);
}

/** The incident's components that are on the page, in plan order, with the state it gives each. */
function affected(incident: Incident, components: Readonly<Record<string, StatusComponentSpec>>): { id: string; name: string; state: ComponentState }[] {
  const list: { id: string; name: string; state: ComponentState }[] = [];
  for (const [id, spec] of Object.entries(components)) {
    const state = Object.hasOwn(incident.components, id) ? incident.components[id] : undefined;
    if (state !== undefined) list.push({ id, name: spec.name, state });
  }
  return list;
}

function publicUpdates(timeline: readonly TimelineEntry[]): Map<string, PublicUpdate[]> {
  const byIncident = new Map<string, PublicUpdate[]>();
  for (const entry of timeline) {
    if (entry.public !== true) continue;
    const list = byIncident.get(entry.incidentId) ?? [];
    list.push({ at: entry.at, kind: entry.kind, text: entry.text });
    byIncident.set(entry.incidentId, list);
  }
  // Newest first; entries of one moment latest-written first, so that oldest-first is the timeline's own order.
  for (const list of byIncident.values()) list.reverse().sort((a, b) => b.at - a.at);
  return byIncident;
}

const TITLE_WORDS: Readonly<Record<ComponentState, string>> = { operational: 'Service disruption', degraded: 'Degraded performance', partial_outage: 'Partial outage', major_outage: 'Major outage' };

/**
 * The title the public reads: a person's own title as declared; for an incident declared from an alert, the
 * rule's public summary, else the plan's public title, else the worst state and the components it affects.
 */
export function publicTitle(incident: Incident, onPage: readonly { name: string; state: ComponentState }[], titles: PublicTitles | undefined): string {
  if (incident.fromRule === undefined) return incident.title;
  const planned = (titles && Object.hasOwn(titles.byRule, incident.fromRule) ? titles.byRule[incident.fromRule] : undefined) ?? titles?.fallback;
  if (planned !== undefined) return planned;
  if (onPage.length === 0) return TITLE_WORDS.operational;
  const worst = onPage.reduce<ComponentState>((w, c) => worseState(w, c.state), 'operational');
  return `${TITLE_WORDS[worst]}: ${onPage.map((c) => c.name).join(', ')}`;
}

function toPublic(incident: Incident, components: Readonly<Record<string, StatusComponentSpec>>, updates: readonly PublicUpdate[], titles?: PublicTitles): PublicIncident {
  const onPage = affected(incident, components);
  const title = publicTitle(incident, onPage, titles);
  return {
    id: incident.id,
    title,
    status: incident.status,
    impact: onPage.reduce<ComponentState>((worst, c) => worseState(worst, c.state), 'operational'),
    declaredAt: incident.declaredAt,
    startedAt: impactStart(incident),
    resolvedAt: isOpen(incident) ? null : (incident.resolvedAt ?? incident.lastUpdateAt),
    components: onPage,
    // The declaration's entry reads the incident's title: the public one here.
    updates: incident.fromRule === undefined ? updates : updates.map((u) => (u.kind === 'declared' ? { ...u, text: title } : u)),
  };
}

function dayLabel(start: number): string {
  return new Date(start).toISOString().slice(0, 10);
}

/** Whether something had been observed before `end`. */
function observedBy(end: number, input: StatusInput): boolean {
  if (input.observedSince === undefined) return true;
  return input.observedSince !== null && input.observedSince < end;
}

export function statusModel(input: StatusInput): StatusModel {
  const days = Number.isFinite(input.days) ? Math.max(1, Math.floor(input.days)) : 1;
  const today = startOfUtcDay(input.now);
  const windowStart = today - (days - 1) * DAY_MS;
  const updates = publicUpdates(input.publicTimeline);

  // An incident reaches the page when it affects a component on it or someone posted a public update about it:
  // the automatic public entries (declaration, status changes, resolution) alone keep an internal incident internal.
  const visible = input.incidents
    .filter((i) => i.declaredAt <= input.now && impactEnd(i) > windowStart)
    .map((source) => ({ source, view: toPublic(source, input.components, updates.get(source.id) ?? [], input.publicTitles) }))
    .filter(({ view }) => view.components.length > 0 || view.updates.some((u) => u.kind === 'public_update'))
    .sort((a, b) => a.source.declaredAt - b.source.declaredAt);

  const components: ComponentStatus[] = Object.entries(input.components).map(([id, spec]) => {
    const probes = input.probes?.[id];
    const history = Array.from({ length: days }, (_, d) => {
      const uptime = probes?.daily[d] ?? null;
      const start = windowStart + d * DAY_MS;
      return { start, state: uptimeState(uptime), incidents: [] as string[], uptime, observed: uptime !== null || observedBy(start + DAY_MS, input) };
    });
    let state: ComponentState = probes?.state ?? 'operational';
    const open: string[] = [];
    for (const { source, view } of visible) {
      const hit = view.components.find((c) => c.id === id);
      if (!hit) continue;
      if (isOpen(source)) {
        state = worseState(state, hit.state);
        open.push(source.id);
      }
      const first = Math.max(0, Math.floor((startOfUtcDay(impactStart(source)) - windowStart) / DAY_MS));
      const end = Math.min(impactEnd(source), input.now + 1);
      for (let d = first; d < days; d++) {
        const day = history[d];
        if (!day || day.start >= end) break;
        day.state = worseState(day.state, hit.state);
        day.incidents.push(source.id);
        day.observed = true;
      }
    }
    return {
      id,
      name: spec.name,
      description: spec.description ?? null,
      state,
      incidents: open,
      uptime: probes?.uptime ?? null,
      history: history.map((day) => ({ date: dayLabel(day.start), ...day })),
    };
  });

  const views = visible.map(({ view }) => view);
  const active = views.filter((i) => i.status !== 'resolved').sort((a, b) => b.declaredAt - a.declaredAt);
  const resolved = views.filter((i) => i.status === 'resolved').sort((a, b) => (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0) || b.declaredAt - a.declaredAt);
  const worst = components.reduce<ComponentState>((w, c) => worseState(w, c.state), 'operational');
  const reason: OverallReason = worst !== 'operational' ? 'components_affected' : active.length > 0 ? 'active_incidents' : 'all_operational';
  return { now: input.now, days, windowStart, overall: { state: worst, reason }, components, active, resolved };
}

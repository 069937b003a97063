/**
 * What incidents say, and when, as pure decisions: which announcement events
 * a timeline holds (one per event kind and moment, each with a stable key),
 * when the next stakeholder update of an incident falls due (catching up
 * with one update, not a burst, after a gap), and which public entries owe
 * the status page's subscribers an update. The I/O is talk-runner.ts's.
 */
import type { AnnounceEvent, StakeholderSpec } from '../plan/talk-types.js';
import type { Incident, TimelineEntry, TimelineKind } from './types.js';

export interface AnnouncementEvent {
  readonly event: AnnounceEvent;
  readonly at: number;
  /** The timeline entries it tells of, in timeline order. */
  readonly entries: readonly TimelineEntry[];
  /** Unique across restarts: the incident, the event and the moment. */
  readonly key: string;
}

const EVENT_OF: Partial<Record<TimelineKind, AnnounceEvent>> = {
  declared: 'declared',
  severity_changed: 'severity_changed',
  status_changed: 'status_update',
  public_update: 'status_update',
  resolved: 'resolved',
};

/**
 * The announcement events of a timeline from `since` on, in order: entries of one moment that tell of the
 * same event are one announcement; a status update at the moment of the declaration or resolution is told
 * with it, not apart.
 */
export function announcementEvents(incidentId: string, timeline: readonly TimelineEntry[], since: number): AnnouncementEvent[] {
  const byMoment = new Map<string, { event: AnnounceEvent; at: number; entries: TimelineEntry[] }>();
  for (const entry of timeline) {
    const event = EVENT_OF[entry.kind];
    if (event === undefined || entry.at < since) continue;
    const id = `${entry.at}:${event}`;
    const found = byMoment.get(id);
    if (found) found.entries.push(entry);
    else byMoment.set(id, { event, at: entry.at, entries: [entry] });
  }
  const events = [...byMoment.values()];
  const folded = events.filter((e) => {
    if (e.event !== 'status_update') return true;
    const host = events.find((o) => o.at === e.at && (o.event === 'declared' || o.event === 'resolved'));
    if (!host) return true;
    host.entries.push(...e.entries.filter((x) => x.kind === 'public_update'));
    return false;
  });
  return folded.map((e) => ({ ...e, key: `announce:${incidentId}:${e.event}:${e.at}` }));
}

export type StakeholderDecision =
  | { readonly kind: 'due'; readonly slot: number; readonly nextAt: number }
  | { readonly kind: 'wait'; readonly nextAt: number }
  | { readonly kind: 'none'; readonly reason: 'resolved' | 'severity' };

/**
 * Stakeholder updates fall on the slots `declaredAt + k × every` (k ≥ 1) while the incident is open and of
 * one of the spec's severities. Due: the latest slot reached that was not sent (`lastSlot`), only that one
 * however many were missed (a restart after a long gap sends one update, then keeps the cadence).
 */
export function stakeholderDecision(incident: Incident, spec: StakeholderSpec, lastSlot: number | null, now: number): StakeholderDecision {
  if (incident.status === 'resolved') return { kind: 'none', reason: 'resolved' };
  if (!spec.severities.includes(incident.severity)) return { kind: 'none', reason: 'severity' };
  const reached = Math.floor((now - incident.declaredAt) / spec.everyMs);
  const latest = incident.declaredAt + reached * spec.everyMs;
  const nextAt = latest + spec.everyMs;
  if (reached < 1 || (lastSlot !== null && lastSlot >= latest)) return { kind: 'wait', nextAt };
  return { kind: 'due', slot: latest, nextAt };
}

export interface PublicEntry {
  readonly entry: TimelineEntry;
  readonly key: string;
}

/** The public entries from `since` on, each keyed by the incident, the moment and its place among that moment's public entries. */
export function publicEntries(incidentId: string, timeline: readonly TimelineEntry[], since: number): PublicEntry[] {
  const seen = new Map<number, number>();
  return timeline.flatMap((entry) => {
    if (!entry.public) return [];
    const n = seen.get(entry.at) ?? 0;
    seen.set(entry.at, n + 1);
    return entry.at < since ? [] : [{ entry, key: `subscribers:${incidentId}:${entry.at}:${n}` }];
  });
}

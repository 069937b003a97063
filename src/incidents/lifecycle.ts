/**
 * An incident's lifecycle as pure functions: each takes the incident, who acts
 * and `now`, and returns the new incident with the timeline entries the change
 * writes (stored together), or why nothing changed, as a named reason.
 *
 * Status: investigating → identified → monitoring → resolved. Open statuses may
 * move either way (a fix that did not hold goes back to investigating);
 * resolved is final. The first action of a person (acknowledge, a status
 * change, an update, resolving) acknowledges the incident.
 */
import type { IncidentPolicy } from '../plan/incident-types.js';
import type { ActionItem, ComponentState, Incident, IncidentSeverity, IncidentStatus, TimelineEntry, TimelineKind } from './types.js';

/** The name automatic entries carry in `by`. */
export const SYSTEM = 'launchwatch';

export type ChangeReason =
  | 'declared'
  | 'acknowledged'
  | 'status_changed'
  | 'updated'
  | 'resolved'
  | 'postmortem_written'
  | 'action_item_added'
  | 'action_item_changed'
  | 'role_assigned';
export type UnchangedReason = 'already_acknowledged' | 'same_status' | 'nothing_to_change' | 'postmortem_already_written';
export type RejectReason = 'already_resolved' | 'not_resolved' | 'started_in_future';

export type Outcome =
  | { readonly kind: 'changed'; readonly reason: ChangeReason; readonly incident: Incident; readonly entries: readonly TimelineEntry[] }
  | { readonly kind: 'unchanged'; readonly reason: UnchangedReason; readonly incident: Incident }
  | { readonly kind: 'rejected'; readonly reason: RejectReason; readonly message: string };

export interface DeclareInput {
  readonly id: string;
  readonly title: string;
  readonly severity: IncidentSeverity;
  readonly by: string;
  readonly commander?: string | null;
  readonly components?: Readonly<Record<string, ComponentState>>;
  readonly summary?: string;
  readonly alerts?: readonly string[];
  /** When the impact began, if before the declaration. */
  readonly startedAt?: number;
  /** A first message for the status page, written as a public update. */
  readonly publicUpdate?: string;
  /** The escalation policy to page through until someone acknowledges (not when declared acknowledged). */
  readonly paging?: string;
}

export interface UpdateInput {
  readonly text?: string;
  /** A public update reaches the status page; otherwise the text is an internal note. */
  readonly public?: boolean;
  readonly status?: IncidentStatus;
  readonly severity?: IncidentSeverity;
  readonly commander?: string | null;
  readonly components?: Readonly<Record<string, ComponentState>>;
  readonly eta?: number | null;
}

const entry = (incident: Incident, at: number, kind: TimelineKind, by: string, text: string, isPublic = false): TimelineEntry => ({
  incidentId: incident.id,
  at,
  kind,
  by,
  text,
  public: isPublic,
});

const iso = (ms: number): string => new Date(ms).toISOString();

export function declare(input: DeclareInput, now: number): Outcome {
  if (input.startedAt !== undefined && input.startedAt > now) {
    return { kind: 'rejected', reason: 'started_in_future', message: `the impact cannot start after now (${iso(now)})` };
  }
  const commander = input.commander ?? null;
  // Who declares and takes command is on it already.
  const selfCommanded = commander !== null && commander === input.by && input.by !== SYSTEM;
  const incident: Incident = {
    id: input.id,
    title: input.title,
    severity: input.severity,
    status: 'investigating',
    commander,
    components: { ...input.components },
    alerts: [...(input.alerts ?? [])],
    declaredAt: now,
    declaredBy: input.by,
    acknowledgedAt: selfCommanded ? now : null,
    mitigatedAt: null,
    resolvedAt: null,
    lastUpdateAt: now,
    postmortemDueAt: null,
    postmortemWrittenAt: null,
    ...(input.summary ? { summary: input.summary } : {}),
    ...(input.startedAt !== undefined ? { startedAt: input.startedAt } : {}),
    ...(input.paging !== undefined && !selfCommanded ? { paging: { policy: input.paging, stepsPaged: 0 } } : {}),
  };
  const details = [
    `${input.severity} declared by ${input.by}`,
    commander ? `commander ${commander}` : 'no commander yet',
    ...componentList(incident.components),
    ...(incident.paging ? [`paging through escalation ${incident.paging.policy} until acknowledged`] : []),
  ];
  const entries = [
    // The declaration's entry carries the public title; details go in an internal note.
    entry(incident, now, 'declared', input.by, input.title, true),
    entry(incident, now, 'note', input.by, `${details.join('; ')}${input.summary ? `\n${input.summary}` : ''}`),
  ];
  if (selfCommanded) entries.push(entry(incident, now, 'acknowledged', input.by, `acknowledged by ${input.by} (declared as commander)`));
  if (input.publicUpdate) entries.push(entry(incident, now, 'public_update', input.by, input.publicUpdate, true));
  return { kind: 'changed', reason: 'declared', incident, entries };
}

function componentList(components: Readonly<Record<string, ComponentState>>): string[] {
  const list = Object.entries(components).map(([id, state]) => `${id} ${state}`);
  return list.length ? [`components: ${list.join(', ')}`] : [];
}

/** Acknowledgement implied by a person's action, if not yet acknowledged. */
function implicitAck(incident: Incident, by: string, now: number, how: string): { incident: Incident; entries: TimelineEntry[] } {
  if (incident.acknowledgedAt !== null || by === SYSTEM) return { incident, entries: [] };
  return { incident: { ...incident, acknowledgedAt: now }, entries: [entry(incident, now, 'acknowledged', by, `acknowledged by ${by} (${how})`)] };
}

const resolvedAlready = (incident: Incident): Outcome => ({
  kind: 'rejected',
  reason: 'already_resolved',
  message: `${incident.id} was resolved at ${iso(incident.resolvedAt ?? incident.lastUpdateAt)}; declare a new incident if the problem is back`,
});

export function acknowledge(incident: Incident, by: string, now: number): Outcome {
  if (incident.status === 'resolved') return resolvedAlready(incident);
  if (incident.acknowledgedAt !== null) return { kind: 'unchanged', reason: 'already_acknowledged', incident };
  return { kind: 'changed', reason: 'acknowledged', incident: { ...incident, acknowledgedAt: now }, entries: [entry(incident, now, 'acknowledged', by, `acknowledged by ${by}`)] };
}

/** Moves between open statuses, or resolves (status resolved). */
export function changeStatus(incident: Incident, status: IncidentStatus, by: string, now: number, policy: IncidentPolicy): Outcome {
  if (incident.status === 'resolved') return resolvedAlready(incident);
  if (status === 'resolved') return resolve(incident, { by }, now, policy);
  if (status === incident.status) return { kind: 'unchanged', reason: 'same_status', incident };
  const ack = implicitAck(incident, by, now, 'changed the status');
  // Monitoring means the impact stopped; going back means it did not.
  const mitigatedAt = status === 'monitoring' ? (incident.mitigatedAt ?? now) : null;
  const next: Incident = { ...ack.incident, status, mitigatedAt, lastUpdateAt: now };
  const entries = [...ack.entries, entry(incident, now, 'status_changed', by, `${incident.status} → ${status}`, true)];
  return { kind: 'changed', reason: 'status_changed', incident: next, entries };
}

export function resolve(incident: Incident, input: { by: string; text?: string; public?: boolean }, now: number, policy: IncidentPolicy): Outcome {
  if (incident.status === 'resolved') return resolvedAlready(incident);
  const ack = implicitAck(incident, input.by, now, 'resolved it');
  const owed = policy.severities[incident.severity].postmortem;
  const next: Incident = {
    ...ack.incident,
    status: 'resolved',
    mitigatedAt: incident.mitigatedAt ?? now,
    resolvedAt: now,
    lastUpdateAt: now,
    postmortemDueAt: owed ? now + policy.postmortemWithinMs : null,
  };
  const entries = [...ack.entries, entry(incident, now, 'resolved', input.by, input.text ?? 'This incident has been resolved.', input.public ?? true)];
  if (owed) entries.push(entry(incident, now, 'note', SYSTEM, `post-mortem due by ${iso(now + policy.postmortemWithinMs)}`));
  return { kind: 'changed', reason: 'resolved', incident: next, entries };
}

/**
 * A note or public update, with any of: a status change, a new severity,
 * commander, component states or expected restore time. One change, one write.
 */
export function update(incident: Incident, input: UpdateInput, by: string, now: number, policy: IncidentPolicy): Outcome {
  const resolved = incident.status === 'resolved';
  const changesState = input.status !== undefined || input.severity !== undefined || input.commander !== undefined || input.components !== undefined || input.eta !== undefined;
  if (resolved && changesState) return resolvedAlready(incident);

  const ack = resolved ? { incident, entries: [] } : implicitAck(incident, by, now, 'updated the incident');
  let next = ack.incident;
  const entries: TimelineEntry[] = [];
  if (input.severity !== undefined && input.severity !== next.severity) {
    entries.push(entry(next, now, 'severity_changed', by, `${next.severity} → ${input.severity}`));
    next = { ...next, severity: input.severity };
  }
  if (input.commander !== undefined && input.commander !== next.commander) {
    entries.push(entry(next, now, 'commander_changed', by, `commander: ${next.commander ?? 'none'} → ${input.commander ?? 'none'}`));
    next = { ...next, commander: input.commander };
  }
  if (input.components !== undefined) {
    const changed = Object.entries(input.components).filter(([id, state]) => next.components[id] !== state);
    if (changed.length) {
      entries.push(entry(next, now, 'note', by, `components: ${changed.map(([id, state]) => `${id} ${next.components[id] ?? 'operational'} → ${state}`).join(', ')}`));
      next = { ...next, components: { ...next.components, ...input.components } };
    }
  }
  if (input.eta !== undefined && input.eta !== (next.eta ?? null)) {
    entries.push(entry(next, now, 'note', by, input.eta === null ? 'no expected restore time' : `service expected back by ${iso(input.eta)}`));
    next = { ...next, eta: input.eta };
  }
  const text = input.text?.trim() ? input.text : undefined;
  const isPublic = input.public ?? false;
  // A public text that resolves is the resolution's own public entry.
  const resolvesWithText = input.status === 'resolved' && text !== undefined && isPublic;
  if (text !== undefined && !resolvesWithText) entries.push(entry(next, now, isPublic ? 'public_update' : 'note', by, text, isPublic));
  if (input.status !== undefined && input.status !== next.status) {
    const outcome =
      input.status === 'resolved'
        ? resolve(next, { by, ...(resolvesWithText ? { text, public: true } : {}) }, now, policy)
        : changeStatus(next, input.status, by, now, policy);
    if (outcome.kind === 'rejected') return outcome;
    if (outcome.kind === 'changed') {
      next = outcome.incident;
      entries.push(...outcome.entries);
    }
  }
  if (entries.length === 0) return { kind: 'unchanged', reason: 'nothing_to_change', incident };
  return { kind: 'changed', reason: 'updated', incident: resolved ? next : { ...next, lastUpdateAt: now }, entries: [...ack.entries, ...entries] };
}

/** The post-mortem is written (where: a link or a note). */
export function postmortemWritten(incident: Incident, input: { by: string; text?: string }, now: number): Outcome {
  if (incident.status !== 'resolved') return { kind: 'rejected', reason: 'not_resolved', message: `${incident.id} is ${incident.status}; a post-mortem follows the resolution` };
  if (incident.postmortemWrittenAt !== null) return { kind: 'unchanged', reason: 'postmortem_already_written', incident };
  const text = `post-mortem written by ${input.by}${input.text ? `: ${input.text}` : ''}`;
  return { kind: 'changed', reason: 'postmortem_written', incident: { ...incident, postmortemWrittenAt: now }, entries: [entry(incident, now, 'postmortem', input.by, text)] };
}

export interface ActionItemInput {
  readonly id: string;
  readonly title: string;
  readonly owner?: string | null;
  readonly dueAt?: number | null;
}

export type ActionItemOutcome = { readonly kind: 'changed'; readonly reason: ChangeReason; readonly item: ActionItem; readonly entries: readonly TimelineEntry[] };

export function addActionItem(incident: Incident, input: ActionItemInput, by: string, now: number): ActionItemOutcome {
  const item: ActionItem = { id: input.id, incidentId: incident.id, title: input.title, owner: input.owner ?? null, dueAt: input.dueAt ?? null, done: false, createdAt: now };
  const who = [item.owner ? `owner ${item.owner}` : 'no owner', item.dueAt !== null ? `due ${iso(item.dueAt)}` : 'no due date'].join(', ');
  return { kind: 'changed', reason: 'action_item_added', item, entries: [entry(incident, now, 'note', by, `action item ${item.id}: ${item.title} (${who})`)] };
}

export function changeActionItem(item: ActionItem, change: { done?: boolean; owner?: string | null; dueAt?: number | null }, by: string, now: number): ActionItemOutcome {
  const next: ActionItem = { ...item, ...change };
  const what = change.done === undefined ? 'changed' : change.done ? 'done' : 'reopened';
  const text = `action item ${item.id} ${what}: ${item.title}`;
  return { kind: 'changed', reason: 'action_item_changed', item: next, entries: [{ incidentId: item.incidentId, at: now, kind: 'note', by, text, public: false }] };
}

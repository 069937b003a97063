/**
 * Incident roles beyond the commander (`incidents.roles`): who holds each,
 * and assigning or unassigning one as a change with its timeline entry. The
 * role `commander` is the incident's `commander` field, changed as an update
 * changes it (lifecycle.ts). Pure.
 */
import { COMMANDER_ROLE } from '../plan/incident-roles.js';
import type { IncidentPolicy } from '../plan/incident-types.js';
import { update, type Outcome } from './lifecycle.js';
import type { Incident } from './types.js';

export { COMMANDER_ROLE } from '../plan/incident-roles.js';

/** Each declared role with its holder (null: unassigned), then any role still held that the plan no longer declares. */
export function roleHolders(incident: Incident, declared: readonly string[]): Record<string, string | null> {
  const holders: Record<string, string | null> = { [COMMANDER_ROLE]: incident.commander };
  for (const role of declared) if (role !== COMMANDER_ROLE) holders[role] = incident.roles?.[role] ?? null;
  for (const [role, person] of Object.entries(incident.roles ?? {})) if (!Object.hasOwn(holders, role)) holders[role] = person;
  return holders;
}

/** Why an assignment is refused, naming the field; undefined when the role is declared and the person is one of the plan's people. */
export function assignmentProblem(declared: readonly string[], people: readonly string[], role: string, person: string | null): string | undefined {
  if (!declared.includes(role)) return `body role: no role "${role}" in the plan's incidents.roles (roles: ${declared.join(', ')})`;
  if (person !== null && !people.includes(person)) return `body person: no person "${person}" in the plan's people (people: ${people.join(', ') || 'none'})`;
  return undefined;
}

/** Gives a role to a person, or takes it back (null). The commander role is handed over as an update hands it over. */
export function assignRole(incident: Incident, role: string, person: string | null, by: string, now: number, policy: IncidentPolicy): Outcome {
  if (role === COMMANDER_ROLE) return update(incident, { commander: person }, by, now, policy);
  if (incident.status === 'resolved') {
    return { kind: 'rejected', reason: 'already_resolved', message: `${incident.id} is resolved; its roles are kept as they were` };
  }
  const current = incident.roles?.[role] ?? null;
  if (current === person) return { kind: 'unchanged', reason: 'nothing_to_change', incident };
  const roles = Object.fromEntries(Object.entries({ ...incident.roles, [role]: person }).filter((e): e is [string, string] => e[1] !== null));
  const next: Incident = { ...incident, roles };
  const text = `${role}: ${current ?? 'none'} → ${person ?? 'none'}`;
  return { kind: 'changed', reason: 'role_assigned', incident: next, entries: [{ incidentId: incident.id, at: now, kind: 'role_changed', by, text, public: false }] };
}

/** Incident roles: holders, assigning and unassigning with a timeline entry, the commander as a role, refusals naming the field. */
import { describe, expect, it } from 'vitest';
import type { IncidentPolicy } from '../plan/incident-types.js';
import { DEFAULT_SEVERITIES } from '../plan/incidents.js';
import { declare, resolve, type Outcome } from './lifecycle.js';
import { assignmentProblem, assignRole, roleHolders } from './roles.js';
import type { Incident } from './types.js';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const ROLES = ['commander', 'communications', 'scribe'];
const POLICY: IncidentPolicy = { severities: DEFAULT_SEVERITIES, postmortemWithinMs: 86_400_000, paging: {}, roles: ROLES };

function changed(outcome: Outcome): Extract<Outcome, { kind: 'changed' }> {
  if (outcome.kind !== 'changed') throw new Error(`expected a change, got ${outcome.kind}: ${outcome.reason}`);
  return outcome;
}

const open = (): Incident => changed(declare({ id: 'INC-1', title: 'Checkout failing', severity: 'SEV2', by: 'ben' }, T0)).incident;

describe('incident roles', () => {
  it('lists every declared role, the commander from the commander field, unassigned as null', () => {
    expect(roleHolders(open(), ROLES)).toEqual({ commander: null, communications: null, scribe: null });
    expect(roleHolders({ ...open(), commander: 'ana', roles: { scribe: 'cem' } }, ROLES)).toEqual({ commander: 'ana', communications: null, scribe: 'cem' });
  });

  it('keeps showing a role still held after the plan stopped declaring it', () => {
    expect(roleHolders({ ...open(), roles: { liaison: 'dee' } }, ['commander'])).toEqual({ commander: null, liaison: 'dee' });
  });

  it('assigns a role with a timeline entry saying who held it before, and unassigns it with null', () => {
    const assigned = changed(assignRole(open(), 'scribe', 'cem', 'ana', T0 + 60_000, POLICY));
    expect(assigned.reason).toBe('role_assigned');
    expect(assigned.incident.roles).toEqual({ scribe: 'cem' });
    expect(assigned.entries).toEqual([{ incidentId: 'INC-1', at: T0 + 60_000, kind: 'role_changed', by: 'ana', text: 'scribe: none → cem', public: false }]);

    const handed = changed(assignRole(assigned.incident, 'scribe', 'dee', 'ana', T0 + 120_000, POLICY));
    expect(handed.entries.map((e) => e.text)).toEqual(['scribe: cem → dee']);

    const taken = changed(assignRole(handed.incident, 'scribe', null, 'ana', T0 + 180_000, POLICY));
    expect(taken.incident.roles).toEqual({});
    expect(taken.entries.map((e) => e.text)).toEqual(['scribe: dee → none']);
  });

  it('changes nothing when the person already holds the role', () => {
    const assigned = changed(assignRole(open(), 'communications', 'ben', 'ana', T0, POLICY)).incident;
    expect(assignRole(assigned, 'communications', 'ben', 'ana', T0, POLICY)).toMatchObject({ kind: 'unchanged', reason: 'nothing_to_change' });
  });

  it('hands the commander role over through the commander field, as an update does', () => {
    const outcome = changed(assignRole(open(), 'commander', 'ana', 'ben', T0 + 60_000, POLICY));
    expect(outcome.incident.commander).toBe('ana');
    expect(outcome.incident.roles).toBeUndefined();
    expect(outcome.entries.map((e) => [e.kind, e.text])).toContainEqual(['commander_changed', 'commander: none → ana']);
  });

  it('refuses to change the roles of a resolved incident', () => {
    const resolved = changed(resolve(open(), { by: 'ana' }, T0 + 60_000, POLICY)).incident;
    expect(assignRole(resolved, 'scribe', 'cem', 'ana', T0 + 120_000, POLICY)).toMatchObject({ kind: 'rejected', reason: 'already_resolved' });
    expect(assignRole(resolved, 'commander', 'cem', 'ana', T0 + 120_000, POLICY)).toMatchObject({ kind: 'rejected', reason: 'already_resolved' });
  });

  it('names the field of an unknown role or person', () => {
    const people = ['ana', 'ben'];
    expect(assignmentProblem(ROLES, people, 'scribe', 'ana')).toBeUndefined();
    expect(assignmentProblem(ROLES, people, 'scribe', null)).toBeUndefined();
    expect(assignmentProblem(ROLES, people, 'liaison', 'ana')).toBe('body role: no role "liaison" in the plan\'s incidents.roles (roles: commander, communications, scribe)');
    expect(assignmentProblem(ROLES, people, 'scribe', 'zed')).toBe('body person: no person "zed" in the plan\'s people (people: ana, ben)');
  });
});

/**
 * `incidents.roles`: the roles people take in an incident response
 * (seed 003: commander, communications, scribe). The commander is always one
 * of them; names are plan names, each given once.
 */
import type { PlanIssue } from './issue.js';
import { NAME } from './section.js';

/** The role every incident has; the incident's `commander` field holds it. */
export const COMMANDER_ROLE = 'commander';

export const DEFAULT_INCIDENT_ROLES: readonly string[] = Object.freeze([COMMANDER_ROLE]);

/** The declared roles, commander first; a bad or repeated name is an issue at its place in the list. */
export function resolveIncidentRoles(given: readonly string[] | undefined, issues: PlanIssue[]): readonly string[] {
  if (given === undefined) return DEFAULT_INCIDENT_ROLES;
  const roles = [COMMANDER_ROLE];
  const seen = new Set<string>();
  given.forEach((role, i) => {
    const path = ['incidents', 'roles', i];
    if (!NAME.test(role)) {
      issues.push({ path, message: `a role name must be lower-case letters, digits and _, starting with a letter (got "${role}")` });
      return;
    }
    if (seen.has(role)) {
      issues.push({ path, message: `the role "${role}" is listed twice` });
      return;
    }
    seen.add(role);
    if (role !== COMMANDER_ROLE) roles.push(role);
  });
  return Object.freeze(roles);
}

/**
 * POST /api/v1/incidents/:id/roles `{ role, person }` (person null to
 * unassign): gives a role of `incidents.roles` to one of the plan's people,
 * written with its timeline entry. The role `commander` is the incident's
 * commander. Decisions are src/incidents/roles.ts's.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LaunchwatchError } from '../../errors.js';
import { incidentJson, timelineJson } from '../../incidents/json.js';
import { assignmentProblem, assignRole } from '../../incidents/roles.js';
import type { Plan } from '../../plan/types.js';
import type { IncidentStore } from '../../store/ports.js';

export interface IncidentRoleRouteOptions {
  readonly plan: () => Plan;
  readonly state: IncidentStore;
  readonly now: () => number;
  /** Runs a read-change-write of an incident apart from the incident automation (the alert engine's withIncidents). */
  readonly exclusive?: <T>(change: () => Promise<T>) => Promise<T>;
}

const name = z.string().trim().min(1).max(200);
const roleBody = z.strictObject({ role: name, person: name.nullable(), by: name.optional() });

function parseBody(value: unknown): z.infer<typeof roleBody> {
  const parsed = roleBody.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : (issue?.path.join('.') ?? '');
  throw new LaunchwatchError('invalid_request', `body${field ? ` ${field}` : ''}: ${issue?.code === 'unrecognized_keys' ? 'unknown field' : (issue?.message ?? 'invalid')}`);
}

export function incidentRoleRoutes(app: FastifyInstance, options: IncidentRoleRouteOptions): void {
  const exclusive = options.exclusive ?? (<T>(change: () => Promise<T>) => change());

  app.post<{ Params: { id: string } }>('/api/v1/incidents/:id/roles', async (request, reply) => {
    const body = parseBody(request.body);
    const plan = options.plan();
    const problem = assignmentProblem(plan.incidents.roles, Object.keys(plan.people), body.role, body.person);
    if (problem) throw new LaunchwatchError('invalid_request', problem);
    const { outcome, now } = await exclusive(async () => {
      const incident = await options.state.incident(request.params.id);
      if (!incident) throw new LaunchwatchError('not_found', `no incident "${request.params.id}"`);
      const at = options.now();
      const result = assignRole(incident, body.role, body.person, body.by ?? 'api', at, plan.incidents);
      if (result.kind === 'changed') await options.state.putIncident(result.incident, result.entries);
      return { outcome: result, now: at };
    });
    if (outcome.kind === 'rejected') throw new LaunchwatchError('conflict', outcome.message);
    return reply.code(outcome.kind === 'changed' ? 201 : 200).send({
      changed: outcome.kind === 'changed',
      reason: outcome.reason,
      incident: incidentJson(outcome.incident, plan.incidents, now),
      entries: outcome.kind === 'changed' ? outcome.entries.map(timelineJson) : [],
    });
  });
}

/**
 * GET /api/v1/oncall: who is on call per schedule now (or `?at=`), the next
 * shifts, and whom each escalation step would reach. People appear by id,
 * name and time zone; their contact details stay out of the answer.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LaunchwatchError } from '../../errors.js';
import { escalationTargets } from '../../oncall/escalation.js';
import { nextHandoffs, onCallAt, type Shift } from '../../oncall/rotation.js';
import { scheduleZone, type EscalationTarget, type Person } from '../../plan/oncall-types.js';
import { parseInstant } from '../../plan/zone.js';
import { formatDuration } from '../../plan/duration.js';
import type { Plan } from '../../plan/types.js';

export interface OnCallRouteOptions {
  readonly plan: () => Plan;
  readonly now: () => number;
}

/** How many shifts after the current one the answer lists. */
export const NEXT_SHIFTS = 3;

const query = z.strictObject({ at: z.string().optional() });
const iso = (ms: number): string => new Date(ms).toISOString();

/** A person by id, name and zone; nobody (a gap between layers) is all null. */
function personJson(plan: Plan, id: string | null): { person: string | null; name: string | null; timezone: string | null } {
  if (id === null) return { person: null, name: null, timezone: null };
  const person: Person | undefined = plan.people[id];
  return { person: id, name: person?.name ?? id, timezone: person?.timezone ?? null };
}

function targetText(target: EscalationTarget): string {
  return target.kind === 'schedule' ? `schedule:${target.schedule.id}` : `person:${target.person}`;
}

const layerOf = (shift: Shift): { layer?: string } => (shift.layer === undefined ? {} : { layer: shift.layer });

/** The answer of GET /api/v1/oncall for a plan at an instant. Pure. */
export function onCallJson(plan: Plan, at: number) {
  return {
    at: iso(at),
    schedules: Object.values(plan.schedules).map((schedule) => {
      const now = onCallAt(schedule, at);
      return {
        id: schedule.id,
        timezone: scheduleZone(schedule),
        now: { ...personJson(plan, now.person), source: now.source, ...layerOf(now), since: iso(now.shiftStart), until: iso(now.shiftEnd) },
        next: nextHandoffs(schedule, at, NEXT_SHIFTS).map((shift) => ({
          ...personJson(plan, shift.person),
          source: shift.source,
          ...layerOf(shift),
          from: iso(shift.shiftStart),
          until: iso(shift.shiftEnd),
        })),
      };
    }),
    escalation: Object.fromEntries(
      Object.values(plan.escalation).map((policy) => [
        policy.id,
        policy.steps.map((step, i) => ({
          after: step.afterMs === 0 ? '0s' : formatDuration(step.afterMs),
          notify: step.targets.map(targetText),
          people: escalationTargets(policy, i, at).map((id) => personJson(plan, id)),
        })),
      ]),
    ),
  };
}

export type OnCallJson = ReturnType<typeof onCallJson>;

export function oncallRoutes(app: FastifyInstance, options: OnCallRouteOptions): void {
  app.get('/api/v1/oncall', async (request) => {
    const parsed = query.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : (issue?.path.join('.') ?? '');
      throw new LaunchwatchError('invalid_request', `query ${field}: ${issue?.message ?? 'invalid'}`);
    }
    let at = options.now();
    if (parsed.data.at !== undefined) {
      const result = parseInstant(parsed.data.at);
      if (result.kind === 'invalid') throw new LaunchwatchError('invalid_request', `query at: ${result.reason}`);
      at = result.at;
    }
    return onCallJson(options.plan(), at);
  });
}

/**
 * The SLO API: every SLO's figures now (SLI, error budget, burn rates,
 * status, alerts, groups) and one SLO over time (remaining budget and burn
 * rates at each step).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LaunchwatchError } from '../../errors.js';
import type { SloSpec } from '../../plan/slo-types.js';
import type { Plan } from '../../plan/types.js';
import { spanMinutes } from '../../slo/evaluate.js';
import { sloJson, type AlertState } from '../../slo/json.js';
import { minuteOf } from '../../slo/rollup.js';
import { sloSeries } from '../../slo/series.js';
import type { SloService } from '../../slo/service.js';
import { readMinutes, type SloReadPorts } from '../../slo/source.js';
import { durationParam } from '../params.js';
import { parseTime } from './metrics.js';

export interface SloRouteOptions extends SloReadPorts {
  readonly plan: () => Plan;
  readonly slos: Pick<SloService, 'current'>;
  /** The alert engine's alerts, for each SLO's page and ticket alerts. */
  readonly alerts: () => readonly AlertState[];
  readonly now: () => number;
}

/** The most points a series answers. */
export const MAX_SLO_POINTS = 1000;
/** The longest range a series covers. */
export const MAX_SLO_RANGE_MS = 400 * 86_400_000;

const rangeQuery = z.object({ from: z.string().optional(), to: z.string().optional(), step: z.string().optional() });

function findSlo(plan: Plan, id: string): SloSpec {
  const slo = plan.slos.find((s) => s.id === id);
  if (!slo) throw new LaunchwatchError('not_found', `no SLO "${id}" in the plan`);
  return slo;
}

/** from (default: one SLO window before to), to (default now), step (default: about 120 points, at least 1m). */
function readRange(query: unknown, slo: SloSpec, now: number): { from: number; to: number; step: number } {
  const parsed = rangeQuery.safeParse(query);
  if (!parsed.success) throw new LaunchwatchError('invalid_request', 'from, to and step must be given once each');
  const to = parseTime(parsed.data.to, 'to', now);
  const from = parseTime(parsed.data.from, 'from', Math.max(0, to - slo.windowMs));
  if (from >= to) throw new LaunchwatchError('invalid_request', 'from must be before to');
  if (to - from > MAX_SLO_RANGE_MS) throw new LaunchwatchError('invalid_request', 'from: from..to spans more than 400d; ask for a shorter range');
  const step = parsed.data.step === undefined ? Math.max(60_000, Math.ceil((to - from) / 120 / 60_000) * 60_000) : durationParam(parsed.data.step, 'step', 60_000, MAX_SLO_RANGE_MS);
  if (Math.floor((to - from) / step) + 1 > MAX_SLO_POINTS) throw new LaunchwatchError('invalid_request', `step: from..to / step gives more than ${MAX_SLO_POINTS} points; use a larger step`);
  return { from, to, step };
}

export function sloRoutes(app: FastifyInstance, options: SloRouteOptions): void {
  app.get('/api/v1/slos', async () => {
    const evaluation = await options.slos.current();
    const alerts = options.alerts();
    const slos = options.plan().slos.flatMap((slo) => {
      const figures = evaluation.slos.get(slo.id);
      return figures ? [sloJson(figures, alerts)] : [];
    });
    return { evaluated_at: new Date(evaluation.at).toISOString(), slos };
  });

  app.get<{ Params: { id: string } }>('/api/v1/slos/:id/series', async (request) => {
    const slo = findSlo(options.plan(), request.params.id);
    const { from, to, step } = readRange(request.query, slo, options.now());
    const first = minuteOf(from) - spanMinutes(slo) + 1;
    const counts = await readMinutes(options, slo, first, to);
    return {
      id: slo.id,
      objective: slo.objective,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      step_ms: step,
      points: sloSeries(slo, counts, first, from, to, step).map((p) => ({ ...p, t: new Date(p.t).toISOString() })),
    };
  });
}

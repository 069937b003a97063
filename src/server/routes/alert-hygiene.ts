/**
 * GET /api/v1/alerts/hygiene: the alert hygiene report over the last
 * `since` (docs/alerting.md, Alert hygiene): per rule, per person, and the
 * incidents declared with no alert behind them.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Labels } from '../../alerting/types.js';
import { LaunchwatchError } from '../../errors.js';
import { gatherHygiene, hygieneJson, type HygieneState } from '../../hygiene/gather.js';
import type { Plan } from '../../plan/types.js';
import { durationParam } from '../params.js';

export interface HygieneRouteOptions {
  readonly plan: () => Plan;
  readonly state: HygieneState;
  /** The live alerts' labels, for the silences that matched them. */
  readonly live: () => readonly { readonly fingerprint: string; readonly labels: Labels }[];
  readonly now: () => number;
}

export const DEFAULT_HYGIENE_SINCE = '30d';
/** From one hour to a year back. */
export const MIN_HYGIENE_SINCE_MS = 3_600_000;
export const MAX_HYGIENE_SINCE_MS = 366 * 86_400_000;

const hygieneQuery = z.strictObject({ since: z.string().max(40).optional() });

export function alertHygieneRoutes(app: FastifyInstance, options: HygieneRouteOptions): void {
  app.get('/api/v1/alerts/hygiene', async (request) => {
    const parsed = hygieneQuery.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue?.path.join('.');
      throw new LaunchwatchError('invalid_request', `query ${field ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    const sinceMs = durationParam(parsed.data.since ?? DEFAULT_HYGIENE_SINCE, 'query since', MIN_HYGIENE_SINCE_MS, MAX_HYGIENE_SINCE_MS);
    const now = options.now();
    const report = await gatherHygiene(options.plan(), options.state, options.live(), now - sinceMs, now);
    return { since: parsed.data.since ?? DEFAULT_HYGIENE_SINCE, ...hygieneJson(report) };
  });
}

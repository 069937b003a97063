/**
 * GET /metrics: every plan metric and launchwatch's own health in the
 * Prometheus text format. Open by default so Prometheus can scrape it; with a
 * scrape token, only a request carrying it as a bearer token is answered.
 */
import type { FastifyInstance } from 'fastify';
import { processFamilies } from '../../exposition/process-families.js';
import { healthFamilies, planFamilies, reloadFamilies, leaderFamilies, type EvaluationStats, type PlanReloadStats } from '../../exposition/families.js';
import { EXPOSITION_CONTENT_TYPE, renderExposition } from '../../exposition/text-format.js';
import { sloFamilies } from '../../exposition/slo-families.js';
import type { SloEvaluation } from '../../slo/service.js';
import type { GroupCommitter } from '../../ingest/committer.js';
import type { MetricsService } from '../../metrics/service.js';
import type { HealthStore } from '../../store/health.js';
import type { EventStore } from '../../store/types.js';
import type { IngestCounters } from '../../telemetry.js';
import { bearerToken, sameSecret } from '../auth.js';
import { sendError } from '../errors.js';

export interface PrometheusRouteOptions {
  readonly metrics: MetricsService;
  readonly events: EventStore;
  readonly health: HealthStore;
  readonly committer: GroupCommitter;
  readonly counters: IngestCounters;
  readonly evaluations: () => EvaluationStats;
  /** The plan reloads' outcome (launchwatch_plan_last_reload_*); without it, those families are left out. */
  readonly reloads?: () => PlanReloadStats;
  /** Whether this replica leads (launchwatch_leader); without it, the family is left out. */
  readonly leading?: () => boolean;
  readonly version: string;
  /** The SLOs' figures (launchwatch_slo_*); without it, those families are left out. */
  readonly slos?: () => Promise<SloEvaluation>;
  /** When set, GET /metrics requires it as a bearer token. */
  readonly scrapeToken?: string;
}

export function prometheusRoutes(app: FastifyInstance, options: PrometheusRouteOptions): void {
  app.get('/metrics', async (request, reply) => {
    const token = options.scrapeToken;
    if (token !== undefined) {
      const given = bearerToken(request);
      if (given === undefined || !sameSecret(given, token)) {
        return sendError(reply, 'unauthorized', 'this endpoint requires the scrape token: Authorization: Bearer <token>');
      }
    }
    const [slos, evaluation, notifications, storeBytes, storedEvents, quarantinedSegments] = await Promise.all([
      options.slos?.(),
      options.metrics.current(),
      options.health.notificationCounts(),
      options.health.sizeBytes(),
      options.events.counts(),
      options.health.quarantinedSegments(),
    ]);
    const body = renderExposition([
      ...planFamilies(evaluation),
      ...healthFamilies({
        version: options.version,
        counters: options.counters,
        commits: options.committer.stats().commits,
        evaluations: options.evaluations(),
        notifications,
        storeBytes,
        storedEvents,
        quarantinedSegments,
      }),
      ...(options.reloads ? reloadFamilies(options.reloads()) : []),
      ...(options.leading ? leaderFamilies(options.leading()) : []),
      ...(slos ? sloFamilies(slos) : []),
      ...processFamilies(process.memoryUsage()),
    ]);
    return reply.code(200).header('content-type', EXPOSITION_CONTENT_TYPE).send(body);
  });
}

/** GET /api/v1/criteria: the success criteria and launch phases judged now and over their windows, and the GA decision. */
import type { FastifyInstance } from 'fastify';
import { criteriaReport } from '../../criteria/evaluate.js';
import { gatherReadings } from '../../criteria/gather.js';
import type { MetricsService } from '../../metrics/service.js';
import type { Plan } from '../../plan/types.js';
import type { ReportStores } from '../../reports/gather.js';

export interface CriteriaRouteOptions {
  readonly plan: () => Plan;
  readonly stores: ReportStores;
  readonly metrics: MetricsService;
  readonly now: () => number;
}

export function criteriaRoutes(app: FastifyInstance, options: CriteriaRouteOptions): void {
  app.get('/api/v1/criteria', async () => {
    const plan = options.plan();
    const evaluation = await options.metrics.current();
    const now = Date.parse(evaluation.evaluated_at);
    const readings = await gatherReadings(plan, options.stores, evaluation.metrics, now);
    return criteriaReport(plan, readings, now);
  });
}

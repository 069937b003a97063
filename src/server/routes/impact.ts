/** The release, baseline and backlog endpoints, registered together: the one call http.ts makes for them. */
import type { FastifyInstance } from 'fastify';
import type { MetricsService } from '../../metrics/service.js';
import type { Plan } from '../../plan/types.js';
import type { ImpactStores } from '../../store/duckdb/impact.js';
import type { EventStore } from '../../store/types.js';
import { backlogRoutes } from './backlog.js';
import { baselineRoutes } from './baselines.js';
import { releaseRoutes } from './releases.js';

export interface ImpactRouteOptions {
  readonly plan: () => Plan;
  readonly events: EventStore;
  readonly metrics: MetricsService;
  readonly now: () => number;
  readonly stores: ImpactStores;
}

export function impactRoutes(app: FastifyInstance, options: ImpactRouteOptions): void {
  const { plan, events, now, stores } = options;
  releaseRoutes(app, { plan, events, now, releases: stores.releases, eventValues: stores.eventValues });
  baselineRoutes(app, { plan, events, now, baselines: stores.baselines, metrics: options.metrics });
  backlogRoutes(app, { plan, events, now, backlog: stores.backlog, releases: stores.releases, eventValues: stores.eventValues, metrics: options.metrics });
}

/**
 * The HTTP app: ingest, the metrics API and health, behind one error handler.
 * Built as a value; the caller listens and closes it.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AlertEngine } from '../alerting/engine.js';
import type { AdmitPool } from '../ingest/admit-pool.js';
import type { GroupCommitter } from '../ingest/committer.js';
import type { MetricsService } from '../metrics/service.js';
import type { Plan } from '../plan/types.js';
import type { PrivacyService } from '../privacy/service.js';
import type { EventStore, StateStore } from '../store/types.js';
import type { IngestCounters } from '../telemetry.js';
import { installErrorHandling } from './errors.js';
import { installJsonBodies } from './json-body.js';
import { answerFrameworkError, refuseWithoutToken } from './api-access.js';
import { alertmanagerRoutes } from './routes/alertmanager.js';
import { alertRoutes } from './routes/alerts.js';
import { alertHygieneRoutes } from './routes/alert-hygiene.js';
import { incidentRoutes } from './routes/incidents.js';
import { incidentPageRoutes } from './routes/incident-page.js';
import { incidentRoleRoutes } from './routes/incident-roles.js';
import { statusSubscriptionRoutes } from './routes/status-subscriptions.js';
import { subscriberPrivacyRoutes } from './routes/subscriber-privacy.js';
import { maintenanceRoutes } from './routes/maintenance.js';
import { maintenanceViews, type MaintenanceBook } from '../status/maintenance.js';
import type { TalkStore } from '../store/talk.js';
import { ingestRoutes } from './routes/ingest.js';
import { privacyRoutes } from './routes/privacy.js';
import { oncallRoutes } from './routes/oncall.js';
import { overrideRoutes } from './routes/oncall-overrides.js';
import type { OverrideService } from '../oncall/overrides.js';
import { statusPageRoutes } from './routes/status-page.js';
import { metricRoutes } from './routes/metrics.js';
import { impactRoutes } from './routes/impact.js';
import { reportRoutes } from './routes/reports.js';
import { criteriaRoutes } from './routes/criteria.js';
import type { ImpactStores } from '../store/duckdb/impact.js';
import type { RetentionStore } from '../store/duckdb/retention.js';
import { overviewRoutes } from './routes/overview.js';
import { sessionRoutes } from './routes/session.js';
import { streamRoutes, type UpdateFeed } from './routes/stream.js';
import { webRoutes } from './routes/web.js';
import { prometheusRoutes, type PrometheusRouteOptions } from './routes/prometheus.js';
import type { ProbeState } from '../sources/probes/runner.js';
import { otlpRoutes } from './routes/otlp.js';
import { IngestLimits } from './routes/ingest-limits.js';
import { reloadRoutes } from './routes/reload.js';
import type { ReloadOutcome } from '../reload.js';
import type { DiskFullState } from '../store/disk-full.js';
import type { Role } from '../cluster/replica.js';
import type { SloService } from '../slo/service.js';
import { sloRoutes } from './routes/slos.js';
import type { AlertState } from '../slo/json.js';

export interface HttpOptions {
  readonly plan: () => Plan;
  readonly alerts: AlertEngine;
  readonly events: EventStore;
  readonly state: StateStore;
  readonly committer: GroupCommitter;
  /** Worker threads for admitting large ingest bodies (src/ingest/admit-pool.ts). */
  readonly admitPool?: AdmitPool;
  readonly metrics: MetricsService;
  readonly counters: IngestCounters;
  readonly now: () => number;
  readonly logger: Logger;
  /** When set, every /api/ route requires it as a bearer token. */
  readonly adminToken?: string;
  /** With the admin token: a second token that may only read (GET and HEAD) under /api/. */
  readonly viewerToken?: string;
  /** Evaluations announced to the dashboard's live stream. */
  readonly updates: UpdateFeed;
  /** Where the built dashboard is (default dist/web). */
  readonly webRoot?: string;
  readonly version: string;
  /** The URL people reach this server at, for links the status feed carries. */
  readonly externalUrl?: string;
  /** The kill switch, erasure and access requests, retention (src/privacy/service.ts); /api/v1/privacy. */
  readonly privacy?: PrivacyService;
  /** Releases, baselines and the backlog, and raw event values for the impact tests; retention cohorts for the monthly report. */
  readonly impact: ImpactStores & { readonly retention?: RetentionStore };
  /** GET /metrics: the store's health figures, the scheduled evaluations' time, the plan reloads' outcome, and the optional scrape token. */
  readonly exposition: Pick<PrometheusRouteOptions, 'health' | 'evaluations' | 'reloads' | 'scrapeToken'>;
  /** POST /-/reload: reads the plan file again and puts it in force (src/reload.ts); without it, there is no such route. */
  readonly reload?: () => Promise<ReloadOutcome>;
  /** Uptime probes' state now, for the status page's components. */
  readonly probeStates: () => ReadonlyMap<string, ProbeState>;
  /** The SLOs' figures (GET /api/v1/slos, /metrics); without it the SLO endpoints are not served. */
  readonly slos?: SloService;
  /** How long a client may take to send a request's headers, and the whole request (default REQUEST_TIMEOUTS). */
  readonly timeouts?: RequestTimeouts;
  /** Run-time on-call overrides and the calendar feeds' secret (/api/v1/oncall/overrides, .ics feeds). */
  readonly oncall?: { readonly overrides: OverrideService; readonly calendarSecret?: string };
  /** This replica's role among several (src/cluster/), and on a follower the hook that forwards API writes to the leader. */
  readonly cluster?: ClusterView;
  /** The status page's subscribers and maintenance windows; without it the page takes no subscriptions. */
  readonly talk?: TalkStore;
  /** Scheduled maintenance, shown on the status page and declared through the API. */
  readonly maintenance?: MaintenanceBook;
  /** Where the server listens, for links when no external URL is configured. */
  readonly listenUrl?: () => string;
}

export interface ClusterView {
  readonly role: () => Role;
  /** How many replicas are alive (1 without a shared store): each takes its share of the ingest rate limit. */
  readonly replicas?: () => number;
  readonly forward?: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
}

export interface RequestTimeouts {
  /** From the connection's first byte (or the previous request's end) to the end of the headers, ms. */
  readonly headersMs: number;
  /** From the same start to the end of the body, ms; at least headersMs. */
  readonly requestMs: number;
}

/** A slow client is answered 408 and cut off: headers within 10 s, the whole request within 30 s (docs/operations.md). */
export const REQUEST_TIMEOUTS: RequestTimeouts = { headersMs: 10_000, requestMs: 30_000 };

export function buildHttp(options: HttpOptions): FastifyInstance {
  const timeouts = options.timeouts ?? REQUEST_TIMEOUTS;
  const adminToken = options.adminToken;
  const tokens = adminToken ? { admin: adminToken, ...(options.viewerToken ? { viewer: options.viewerToken } : {}) } : undefined;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // Request logs carry method, path and id (see logger.ts): never the client's address or user agent.
    requestIdHeader: false,
    trustProxy: false,
    bodyLimit: 1024 * 1024,
    // A client that stalls mid-request is cut off instead of holding a connection (and a graceful stop) forever;
    // the connections are checked often enough that the limits hold to about a tenth of the headers' one.
    requestTimeout: timeouts.requestMs,
    http: { headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.round(timeouts.headersMs / 10))) },
    // URLs the router refuses (a bad % escape, an over-long parameter): the token first, then our error body.
    frameworkErrors: answerFrameworkError(tokens),
  });
  installErrorHandling(app);
  installJsonBodies(app);

  if (tokens) {
    app.addHook('onRequest', async (request, reply) => {
      const refused = refuseWithoutToken(request, reply, tokens);
      if (refused) return refused;
    });
  }

  // After the token: a follower forwards only what the token allows.
  if (options.cluster?.forward) app.addHook('onRequest', options.cluster.forward);

  app.get('/healthz', async () => {
    const full = options.exposition.health.diskFull?.();
    if (!full) return { status: 'ok', version: options.version };
    return { status: 'degraded', version: options.version, problems: [`disk full since ${new Date(full.since).toISOString()}: reads answer, writes are refused`] };
  });

  const privacy = options.privacy;
  // One rate-limit budget per key for /v1/events and /v1/logs, shared out among the replicas.
  const ingestLimits = new IngestLimits(options.cluster?.replicas);
  ingestRoutes(app, {
    plan: options.plan,
    committer: options.committer,
    now: options.now,
    counters: options.counters,
    limits: ingestLimits,
    ...(privacy ? { paused: () => privacy.pausedBecause() } : {}),
    ...(options.admitPool ? { pool: options.admitPool } : {}),
  });
  otlpRoutes(app, { plan: options.plan, committer: options.committer, now: options.now, counters: options.counters, limits: ingestLimits, ...(privacy ? { paused: () => privacy.pausedBecause() } : {}) });
  if (privacy) privacyRoutes(app, { plan: options.plan, privacy });
  alertRoutes(app, { alerts: options.alerts, state: options.state, now: options.now, plan: options.plan });
  alertHygieneRoutes(app, { plan: options.plan, state: options.state, now: options.now, live: () => options.alerts.list().map(({ alert }) => ({ fingerprint: alert.fingerprint, labels: alert.labels })) });
  alertmanagerRoutes(app, { alerts: options.alerts, plan: options.plan, now: options.now, version: options.version });
  const oncall = options.oncall;
  oncallRoutes(app, { plan: oncall ? () => oncall.overrides.effective() : options.plan, now: options.now });
  if (oncall) overrideRoutes(app, { ...oncall, now: options.now, ...(tokens ? { tokens } : {}), ...(options.externalUrl ? { externalUrl: () => options.externalUrl ?? '' } : {}) });
  incidentRoutes(app, { plan: options.plan, state: options.state, now: options.now, pageIncidents: () => options.alerts.pageIncidents(), exclusive: (change) => options.alerts.withIncidents(change) });
  incidentRoleRoutes(app, { plan: options.plan, state: options.state, now: options.now, exclusive: (change) => options.alerts.withIncidents(change) });
  incidentPageRoutes(app, { plan: oncall ? () => oncall.overrides.effective() : options.plan, state: options.state, now: options.now });
  const talk = options.talk;
  const book = options.maintenance;
  if (talk && book) maintenanceRoutes(app, { plan: options.plan, talk, book, now: options.now });
  if (talk && privacy) subscriberPrivacyRoutes(app, { talk, privacy, now: options.now });
  if (talk) statusSubscriptionRoutes(app, { plan: options.plan, talk, now: options.now, externalUrl: () => options.externalUrl ?? options.listenUrl?.() ?? '' });
  statusPageRoutes(app, {
    plan: options.plan,
    state: options.state,
    samples: options.state,
    now: options.now,
    probes: { events: options.events, states: options.probeStates },
    ...(options.externalUrl ? { externalUrl: options.externalUrl } : {}),
    ...(options.maintenance ? { maintenance: (plan: Plan, now: number) => maintenanceViews(options.maintenance?.windows(plan) ?? [], plan.components, now) } : {}),
  });
  metricRoutes(app, { plan: options.plan, metrics: options.metrics, events: options.events, state: options.state, now: options.now });
  const slos = options.slos;
  if (slos) {
    const alerts = (): AlertState[] => options.alerts.list().map(({ alert }) => ({ rule: alert.rule, labels: alert.labels, state: alert.state, since: alert.since }));
    sloRoutes(app, { plan: options.plan, slos, alerts, events: options.events, incidents: options.state, now: options.now });
  }
  impactRoutes(app, { plan: options.plan, events: options.events, metrics: options.metrics, now: options.now, stores: options.impact });
  const reportStores = { events: options.events, state: options.state, releases: options.impact.releases, baselines: options.impact.baselines, retention: options.impact.retention, hygiene: options.state };
  reportRoutes(app, { plan: options.plan, stores: reportStores, now: options.now });
  criteriaRoutes(app, { plan: options.plan, stores: reportStores, metrics: options.metrics, now: options.now });
  overviewRoutes(app, { plan: options.plan, events: options.events, now: options.now, metrics: options.metrics, latest: () => options.updates.latest });
  sessionRoutes(app, { product: () => options.plan().product.name, ...(tokens ? { tokens } : {}) });
  streamRoutes(app, { feed: options.updates });
  webRoutes(app, { tokenRequired: tokens !== undefined, ...(options.webRoot ? { root: options.webRoot } : {}) });
  if (options.reload) reloadRoutes(app, { reload: options.reload, ...(tokens ? { tokens } : {}) });
  const cluster = options.cluster;
  prometheusRoutes(app, { ...options.exposition, ...(slos ? { slos: () => slos.current() } : {}), ...(cluster ? { leading: () => cluster.role() === 'leader' } : {}), metrics: options.metrics, events: options.events, committer: options.committer, counters: options.counters, version: options.version });

  app.get('/api/v1/status', async () => {
    const evaluation = await options.metrics.current();
    const counts = { green: 0, yellow: 0, red: 0, unknown: 0 };
    for (const metric of evaluation.metrics) counts[metric.status]++;
    return {
      product: options.plan().product.name,
      role: options.cluster?.role() ?? 'leader',
      evaluated_at: evaluation.evaluated_at,
      metrics: counts,
      ingest: {
        ...options.counters,
        rejectedRequests: { ...options.counters.rejectedRequests },
        redactions: { ...options.counters.redactions },
        commits: options.committer.stats().commits,
        quarantinedSegments: await options.exposition.health.quarantinedSegments(),
      },
      storage: storageStatus(options.exposition.health.diskFull?.()),
      events: await options.events.counts(),
    };
  });
  return app;
}

/** GET /api/v1/status's `storage`: whether writes can be stored (docs/operations.md, A full disk). */
function storageStatus(full: DiskFullState | undefined): { status: 'ok' } | { status: 'disk full'; since: string; reason: string } {
  return full ? { status: 'disk full', since: new Date(full.since).toISOString(), reason: full.reason } : { status: 'ok' };
}

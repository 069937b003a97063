/**
 * launchwatch as a value: build it from a plan and a data directory, start
 * it, stop it. The CLI maps flags and signals onto this; tests drive it in-process.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AlertEngine } from './alerting/engine.js';
import { regressionBaselines } from './baselines/service.js';
import { AdmitPool } from './ingest/admit-pool.js';
import { GroupCommitter } from './ingest/committer.js';
import { startNotifyWorker, type NotifyWorker } from './notify/worker.js';
import { createLogger } from './logger.js';
import type { EvaluationStats } from './exposition/families.js';
import type { MetricResult } from './metrics/evaluate.js';
import { withIncidentFigures } from './metrics/incident-figures.js';
import { MetricsService } from './metrics/service.js';
import { storedEvents } from './plan/privacy.js';
import { PrivacyService } from './privacy/service.js';
import type { Plan } from './plan/types.js';
import { startScheduler, type Scheduler } from './scheduler.js';
import { DigestRunner } from './reports/digest-runner.js';
import { buildHttp } from './server/http.js';
import { ProbeRunner } from './sources/probes/runner.js';
import { withGithubFigures } from './sources/github/figures.js';
import { GithubPoller } from './sources/github/poller.js';
import { evaluationUpdate, UpdateFeed } from './server/routes/stream.js';
import { openEmbeddedStores, type Stores } from './store/duckdb/index.js';
import type { MetricSample } from './store/types.js';
import { newIngestCounters } from './telemetry.js';
import { VERSION } from './version.js';

export interface LaunchwatchOptions {
  readonly plan: Plan;
  /** Directory of the data file; ':memory:' for a throwaway database. */
  readonly dataDir: string;
  readonly port?: number;
  readonly host?: string;
  readonly adminToken?: string;
  /** With adminToken: a token that may only read under /api/ (the dashboard's viewers). */
  readonly viewerToken?: string;
  /** Where the built dashboard is served from (default dist/web). */
  readonly webRoot?: string;
  readonly logger?: Logger;
  readonly now?: () => number;
  readonly memoryLimit?: string;
  /** Run the evaluation loop that records metric history and evaluates alerts, and the notification worker (default true). */
  readonly scheduler?: boolean;
  /** Base URL of this server as its users reach it, for links in notifications. */
  readonly externalUrl?: string;
  /** When set, GET /metrics requires it as a bearer token. */
  readonly scrapeToken?: string;
}


export interface Launchwatch {
  readonly http: FastifyInstance;
  readonly stores: Stores;
  readonly committer: GroupCommitter;
  readonly metrics: MetricsService;
  readonly alerts: AlertEngine;
  /** The scheduled digests (plan reports.weekly / monthly): started with the scheduler; runDue() sends what is due now. */
  readonly digests: DigestRunner;
  /** The privacy controls: the ingest kill switch, erasure and access requests, retention. */
  readonly privacy: PrivacyService;
  /** The plan's uptime probes: started with the scheduler; run(name) runs one now. */
  readonly probes: ProbeRunner;
  /** sources.github: started with the scheduler; poll() polls once now. */
  readonly github: GithubPoller;
  /** Listens; resolves with the base URL. */
  start(): Promise<string>;
  /** Evaluates every metric now and records the samples. */
  evaluateAndRecord(): Promise<void>;
  stop(): Promise<void>;
}

export function samplesOf(results: readonly MetricResult[], ts: number): MetricSample[] {
  return results.flatMap((m) => [
    { metricId: m.id, group: {}, ts, value: m.value, status: m.status },
    ...m.groups.map((g) => ({ metricId: m.id, group: g.group, ts, value: g.value, status: g.status })),
  ]);
}

export async function createLaunchwatch(options: LaunchwatchOptions): Promise<Launchwatch> {
  const logger = options.logger ?? createLogger();
  const now = options.now ?? Date.now;
  const plan = options.plan;
  const stores = await openEmbeddedStores(options.dataDir, options.memoryLimit ? { memoryLimit: options.memoryLimit } : {});
  stores.events.onQuarantine?.(({ path, error }) =>
    logger.error({ segment: path, reason: error }, 'an ingest-log segment could not be loaded into DuckDB and was set aside; its events are not in the metrics (docs/operations.md, Quarantined segments)'),
  );
  try {
    await stores.events.prepare(storedEvents(plan));
  } catch (error: unknown) {
    await stores.close();
    throw error;
  }
  const committer = new GroupCommitter(stores.events);
  // Large ingest bodies are read, admitted and encoded in worker threads (src/ingest/admit-pool.ts).
  const encoding = committer.encoding();
  const admitPool = encoding ? new AdmitPool({ plan, encoding }) : undefined;
  const privacy = await PrivacyService.open({ store: stores.privacy, plan: () => plan, now, logger });
  const probes = new ProbeRunner({ plan: () => plan, submit: (events) => committer.submit(events), now, logger });
  // Metrics read the events, and incident metrics the incidents (src/metrics/incident-figures.ts).
  const measured = withGithubFigures(withIncidentFigures(stores.events, stores.state, () => plan), stores.github, () => plan);
  const github = new GithubPoller({ source: () => plan.sources.github, store: stores.github, now, logger });
  const metrics = new MetricsService({
    store: measured,
    plan: () => plan,
    now,
    sequence: () => committer.stats().sequence,
    onError: (metric, error) => logger.error({ err: error, metric: metric.id }, 'metric evaluation failed'),
  });
  const counters = newIngestCounters();
  let evaluations: EvaluationStats = { count: 0, sumSeconds: 0 };
  let worker: NotifyWorker | undefined;
  let listenUrl = options.externalUrl ?? '';
  const digests = new DigestRunner({
    plan: () => plan,
    stores: { events: measured, state: stores.state, releases: stores.releases, baselines: stores.baselines, digests: stores.digests, retention: stores.retention },
    now,
    externalUrl: () => options.externalUrl ?? listenUrl,
    logger,
    onNotifications: () => worker?.wake(),
  });
  const alerts = await AlertEngine.open({
    plan: () => plan,
    events: measured,
    state: stores.state,
    metrics,
    now,
    logger,
    onNotifications: () => worker?.wake(),
    regressionBaselines: (current, at) =>
      regressionBaselines({ events: stores.events, baselines: stores.baselines }, current, at, (error) => logger.error({ err: error }, 'reading baselines for regression alerts failed')),
  });
  committer.onCommit((types) => {
    const watched = alerts.watchedEventTypes();
    if ([...types].some((t) => watched.has(t))) alerts.requestTick();
  });
  const updates = new UpdateFeed();
  const http = buildHttp({
    updates,
    alerts,
    plan: () => plan,
    events: measured,
    state: stores.state,
    committer,
    ...(admitPool ? { admitPool } : {}),
    metrics,
    counters,
    now,
    logger,
    version: VERSION,
    impact: stores,
    ...(options.externalUrl ? { externalUrl: options.externalUrl } : {}),
    ...(options.adminToken ? { adminToken: options.adminToken } : {}),
    ...(options.viewerToken ? { viewerToken: options.viewerToken } : {}),
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
    privacy,
    probeStates: () => probes.state(),
    exposition: { health: stores.health, evaluations: () => evaluations, ...(options.scrapeToken ? { scrapeToken: options.scrapeToken } : {}) },
  });

  const evaluateAndRecord = async (): Promise<void> => {
    const started = performance.now();
    const evaluation = await metrics.current();
    await stores.state.recordSamples(samplesOf(evaluation.metrics, Date.parse(evaluation.evaluated_at)));
    await alerts.tick();
    updates.publish(evaluationUpdate(evaluation.evaluated_at, evaluation.metrics, alerts.list().map((v) => v.alert.state)), evaluation);
    evaluations = { count: evaluations.count + 1, sumSeconds: evaluations.sumSeconds + (performance.now() - started) / 1000 };
  };
  let scheduler: Scheduler | undefined;
  let stopped = false;

  return {
    http,
    stores,
    committer,
    metrics,
    alerts,
    probes,
    github,
    privacy,
    digests,
    evaluateAndRecord,
    async start() {
      const url = await http.listen({ port: options.port ?? 4100, host: options.host ?? '127.0.0.1' });
      listenUrl = options.externalUrl ?? url;
      if (options.scheduler !== false) {
        scheduler = startScheduler({ intervalMs: () => plan.evaluation.intervalMs, tick: evaluateAndRecord, logger });
        worker = startNotifyWorker({
          outbox: stores.state,
          channels: () => plan.channels,
          context: { externalUrl: options.externalUrl ?? url, product: plan.product.name },
          now,
          giveUpAfterMs: () => plan.notify.giveUpAfterMs,
          logger,
        });
        // Alerts that were firing before a restart are evaluated at once, not one interval later.
        alerts.requestTick();
        digests.start();
        privacy.startRetention();
        probes.start();
        github.start();
      }
      logger.info({ url, product: plan.product.name, metrics: plan.metrics.length }, 'launchwatch is listening');
      return url;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await scheduler?.stop();
      await http.close();
      await admitPool?.close();
      await probes.stop();
      await github.stop();
      await committer.idle();
      await alerts.stop();
      await digests.stop();
      await worker?.stop();
      await privacy.stop();
      await stores.close();
    },
  };
}

/**
 * launchwatch as a value: build it from a plan and a data directory, start
 * it, stop it. The CLI maps flags and signals onto this; tests drive it in-process.
 */
import { randomUUID } from 'node:crypto';
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
import { currentPhases } from './criteria/phases.js';
import { SloService } from './slo/service.js';
import { MetricsService } from './metrics/service.js';
import { measuredStore } from './metrics/sources/registry.js';
import { PlanHolder } from './plan/holder.js';
import type { Env } from './plan/load.js';
import { storedEvents } from './plan/privacy.js';
import { PrivacyService } from './privacy/service.js';
import { calendarSecret } from './oncall/feeds.js';
import { OverrideService } from './oncall/overrides.js';
import { startHandoffNotices, type HandoffNoticeRunner } from './oncall/handoff-notices.js';
import type { Plan } from './plan/types.js';
import { PlanReloader, type ReloadOutcome } from './reload.js';
import { startScheduler, type Scheduler } from './scheduler.js';
import { DigestRunner } from './reports/digest-runner.js';
import { IncidentTalkRunner } from './incidents/talk-runner.js';
import { deliveryChannels } from './status/subscriber-updates.js';
import { MaintenanceBook, maintenanceSilences } from './status/maintenance.js';
import { buildHttp, type RequestTimeouts } from './server/http.js';
import { ProbeRunner } from './sources/probes/runner.js';
import { GithubPoller } from './sources/github/poller.js';
import { evaluationUpdate, UpdateFeed } from './server/routes/stream.js';
import { chosenStore, openStores, type StoreOptions, type Stores } from './store/backends.js';
import type { MetricSample } from './store/types.js';
import { newIngestCounters } from './telemetry.js';
import { VERSION } from './version.js';
import { fencedState } from './cluster/fence.js';
import { forwardWrites } from './cluster/forward.js';
import { Replica, type ReplicaOptions, type Role } from './cluster/replica.js';

export interface LaunchwatchOptions {
  readonly plan: Plan;
  /** The file the plan was read from: reload() reads it again (with `env` for its ${VAR}s). */
  readonly planFile?: string;
  /** The environment the plan file's ${VAR}s are read from on reload (default process.env). */
  readonly env?: Env;
  /** Which store backend and its options (src/store/backends.ts); default `{ kind: 'duckdb', dataDir, memoryLimit }`. */
  readonly store?: StoreOptions;
  /** Directory of the data file; ':memory:' for a throwaway database. Needed without `store`. */
  readonly dataDir?: string;
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
  /** How long a client may take to send a request's headers and the whole request (default src/server/http.ts's REQUEST_TIMEOUTS). */
  readonly timeouts?: RequestTimeouts;
  /** With a store several replicas share: this replica's URL as the others reach it (default externalUrl, else the listen URL). */
  readonly replicaUrl?: string;
  /** With a shared store: the leader lease's timings (src/cluster/lease.ts). */
  readonly lease?: ReplicaOptions['lease'];
  /**
   * With a shared store: called when this replica, having led, lost the lease. Its duties have
   * stopped and it serves as a follower; the CLI exits so that its supervisor starts it afresh.
   */
  readonly onLeadershipLost?: (reason: string) => void;
}


export interface Launchwatch {
  /** The plan in force: every part reads it from here, and a reload replaces it. */
  readonly plan: PlanHolder;
  readonly logger: Logger;
  readonly http: FastifyInstance;
  readonly stores: Stores;
  readonly committer: GroupCommitter;
  readonly metrics: MetricsService;
  readonly alerts: AlertEngine;
  /** The SLOs' figures (src/slo/service.ts). */
  readonly slos: SloService;
  /** The scheduled digests (plan reports.weekly / monthly): started with the scheduler; runDue() sends what is due now. */
  readonly digests: DigestRunner;
  /** Incident announcements, stakeholder updates and status-page subscriber updates: started with the scheduler; runDue() writes what is owed now. */
  readonly talk: IncidentTalkRunner;
  /** The privacy controls: the ingest kill switch, erasure and access requests, retention. */
  readonly privacy: PrivacyService;
  /** The plan's uptime probes: started with the scheduler; run(name) runs one now. */
  readonly probes: ProbeRunner;
  /** sources.github: started with the scheduler; poll() polls once now. */
  readonly github: GithubPoller;
  /**
   * Reads the plan file again (or takes `plan`), checks it against the stored
   * events and puts it in force in every part, or leaves the plan in force
   * untouched and answers every error (src/reload.ts).
   */
  reload(plan?: Plan): Promise<ReloadOutcome>;
  /** Listens; resolves with the base URL. */
  start(): Promise<string>;
  /** Evaluates every metric now and records the samples. */
  evaluateAndRecord(): Promise<void>;
  /** leader: runs the duties that run once per installation (always, without a shared store); follower: serves, and forwards API writes to the leader. */
  role(): Role;
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
  const holder = new PlanHolder(options.plan, (error) => logger.error({ err: error }, 'a part failed to follow the new plan'));
  const plan = (): Plan => holder.current();
  const stores = await openStores(chosenStore(options));
  stores.events.onQuarantine?.(({ path, error }) =>
    logger.error({ segment: path, reason: error }, 'an ingest-log segment could not be loaded into DuckDB and was set aside; its events are not in the metrics (docs/operations.md, Quarantined segments)'),
  );
  stores.health.onDiskFull?.((full) => {
    if (full) logger.error({ reason: full.reason }, 'disk full: writes are refused (507) and reads answer without the events waiting in the ingest log, until space is freed (docs/operations.md, A full disk)');
    else logger.info('disk space is back: writes are stored again');
  });
  try {
    await stores.events.prepare(storedEvents(plan()));
  } catch (error: unknown) {
    await stores.close();
    throw error;
  }
  // With a shared store the replicas elect a leader (src/cluster/); the leader's duties write through the fence.
  const shared = stores.shared;
  let replica: Replica | undefined;
  const leading = (): boolean => shared === undefined || (replica?.leading() ?? false);
  const role = (): Role => (leading() ? 'leader' : 'follower');
  const dutyState = shared ? fencedState(stores.state, leading) : stores.state;
  const committer = new GroupCommitter(stores.events);
  // Large ingest bodies are read, admitted and encoded in worker threads (src/ingest/admit-pool.ts).
  const encoding = committer.encoding();
  const admitPool = encoding ? new AdmitPool({ plan: plan(), encoding }) : undefined;
  const privacy = await PrivacyService.open({ store: stores.privacy, plan, now, logger });
  // Run-time on-call overrides: paging and the on-call API read the plan with them laid over its schedules.
  const overrides = await OverrideService.open({ store: stores.oncall, audit: stores.privacy, plan, now });
  const probes = new ProbeRunner({ plan, submit: (events) => committer.submit(events), now, logger });
  // Metrics read the events; figures (incidents, GitHub, Prometheus, formulas) their sources (src/metrics/sources/).
  // github metrics are unknown while the poller (declared next, read only later) has no answer.
  const measured = measuredStore(stores.events, { plan, incidents: stores.state, github: stores.github, githubHealth: () => github.health() });
  const github = new GithubPoller({ source: () => plan().sources.github, store: stores.github, now, logger });
  const metrics = new MetricsService({
    store: measured,
    plan,
    now,
    sequence: () => committer.stats().sequence,
    onError: (metric, error) => logger.error({ err: error, metric: metric.id }, 'metric evaluation failed'),
  });
  const counters = newIngestCounters();
  let evaluations: EvaluationStats = { count: 0, sumSeconds: 0 };
  let worker: NotifyWorker | undefined;
  let listenUrl = options.externalUrl ?? '';
  const digests = new DigestRunner({
    plan,
    stores: { events: measured, state: dutyState, releases: stores.releases, baselines: stores.baselines, digests: stores.digests, retention: stores.retention, hygiene: dutyState },
    now,
    externalUrl: () => options.externalUrl ?? listenUrl,
    logger,
    onNotifications: () => worker?.wake(),
  });
  const slos = new SloService({ plan, now, events: stores.events, incidents: stores.state, onError: (slo, error) => logger.error({ err: error, slo: slo.id }, 'SLO evaluation failed') });
  const maintenance = new MaintenanceBook(stores.talk, now);
  await maintenance.refresh();
  const talk = new IncidentTalkRunner({
    plan,
    incidents: dutyState,
    talk: stores.talk,
    now,
    externalUrl: () => options.externalUrl ?? listenUrl,
    logger,
    onNotifications: () => worker?.wake(),
  });
  const alerts = await AlertEngine.open({
    plan: () => overrides.effective(),
    events: measured,
    state: dutyState,
    metrics,
    now,
    logger,
    following: shared !== undefined,
    onNotifications: () => worker?.wake(),
    // Scheduled maintenance mutes its components' alerts for its span.
    extraSilences: () => maintenanceSilences(maintenance.windows(plan())),
    slos: (current, at) => slos.readings(current, at),
    regressionBaselines: (current, at) =>
      regressionBaselines({ events: stores.events, baselines: stores.baselines }, current, at, (error) => logger.error({ err: error }, 'reading baselines for regression alerts failed')),
    // phase() conditions: the launch phases judged as GET /api/v1/criteria judges them (src/criteria/phases.ts).
    phases: (current, results, at) => currentPhases(current, { events: measured, state: stores.state, baselines: stores.baselines }, results, at),
  });
  const committedTypes = (types: Iterable<string>): void => {
    const watched = alerts.watchedEventTypes();
    if ([...types].some((t) => watched.has(t))) alerts.requestTick();
  };
  committer.onCommit((types, earliest) => {
    slos.noteCommit(earliest);
    committedTypes(types);
    replica?.noteCommit(types);
  });
  const updates = new UpdateFeed();

  // The sources started with the scheduler that a plan may add later: each is started once, when its plan asks for it.
  let sourcesStarted = false;
  let retentionStarted = false;
  let githubStarted = false;
  const startRetention = (): void => {
    const { eventsMs, samplesMs, alertsMs } = plan().privacy.retention;
    if (retentionStarted || (eventsMs === null && samplesMs === null && alertsMs === null)) return;
    retentionStarted = true;
    privacy.startRetention();
  };
  const startGithub = (): void => {
    if (githubStarted) return;
    const source = plan().sources.github;
    github.start(); // polls when the plan has the source with a token, else says why not
    githubStarted = source !== undefined && source.token !== '';
  };
  // Everything that keeps something derived from the plan follows it here; the rest reads plan() each time.
  holder.subscribe((next) => {
    probes.replan();
    digests.replan();
    if (sourcesStarted) {
      startRetention();
      startGithub();
    }
    // Alerts of rules that left the plan resolve, and changed rules are judged, without waiting for the interval.
    alerts.requestTick();
    const update = { version: holder.version(), reloaded_at: new Date(now()).toISOString(), metrics: next.metrics.length };
    metrics.current().then(
      (evaluation) => updates.publishPlan(update, evaluation),
      (error: unknown) => {
        logger.error({ err: error }, 'evaluating the new plan failed');
        updates.publishPlan(update);
      },
    );
  });
  const reloader = new PlanReloader({
    holder,
    ...(options.planFile !== undefined ? { file: options.planFile } : {}),
    env: options.env ?? process.env,
    now,
    logger,
    check: async (next) => (await stores.events.check?.(storedEvents(next), next.metrics)) ?? [],
    // The storage grows first (new tables and columns; batches encoded before are padded), so that whatever reads the new plan can store what it admits.
    swap: async (next) => {
      await stores.events.prepare(storedEvents(next));
      const grown = committer.encoding();
      if (admitPool && grown) admitPool.replan(next, grown);
      holder.apply(next);
    },
  });

  const http = buildHttp({
    updates,
    alerts,
    plan,
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
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    privacy,
    talk: stores.talk,
    maintenance,
    listenUrl: () => listenUrl,
    oncall: { overrides, ...optionalSecret(calendarSecret(options.env ?? process.env, options.adminToken)) },
    probeStates: () => probes.state(),
    slos,
    exposition: { health: stores.health, evaluations: () => evaluations, reloads: () => reloader.stats(), ...(options.scrapeToken ? { scrapeToken: options.scrapeToken } : {}) },
    reload: () => reloader.reload(),
    cluster: {
      role,
      replicas: () => replica?.replicas() ?? 1,
      ...(shared ? { forward: forwardWrites({ leading, leaderUrl: async () => replica?.leaderUrl() }) } : {}),
    },
  });

  const evaluateAndRecord = async (): Promise<void> => {
    const started = performance.now();
    const evaluation = await metrics.current();
    await dutyState.recordSamples(samplesOf(evaluation.metrics, Date.parse(evaluation.evaluated_at)));
    await alerts.tick();
    updates.publish(evaluationUpdate(evaluation.evaluated_at, evaluation.metrics, alerts.list().map((v) => v.alert.state)), evaluation);
    evaluations = { count: evaluations.count + 1, sumSeconds: evaluations.sumSeconds + (performance.now() - started) / 1000 };
  };
  let scheduler: Scheduler | undefined;
  let stopped = false;
  /** What runs once per installation: on the only process, or on the replica that leads. Started once. */
  let dutiesStarted = false;
  let handoffs: HandoffNoticeRunner | undefined;
  const startDuties = (url: string): void => {
    if (dutiesStarted || stopped) return;
    dutiesStarted = true;
    sourcesStarted = true;
    scheduler = startScheduler({ intervalMs: () => plan().evaluation.intervalMs, tick: evaluateAndRecord, logger });
    worker = startNotifyWorker({
      outbox: dutyState,
      // With the built-in channel of the status page's webhook subscribers, when the plan takes them.
      channels: () => deliveryChannels(plan()),
      // The product's name is read at each message, so a reload that renames it applies at once.
      context: {
        externalUrl: options.externalUrl ?? url,
        get product() {
          return plan().product.name;
        },
      },
      now,
      giveUpAfterMs: () => plan().notify.giveUpAfterMs,
      logger,
    });
    // Alerts that were firing before a restart are evaluated at once, not one interval later.
    alerts.requestTick();
    digests.start();
    talk.start();
    handoffs = startHandoffNotices({
      context: () => ({
        plan: overrides.effective(),
        store: stores.oncall,
        newId: randomUUID,
        openIncidents: () => dutyState.incidents({ status: 'open' }),
        firingAlerts: () => alerts.list().flatMap((v) => (v.alert.state === 'firing' ? [{ rule: v.alert.rule, severity: v.alert.severity ?? 'none' }] : [])),
      }),
      now,
      logger,
      onNotifications: () => worker?.wake(),
    });
    startRetention();
    probes.start();
    startGithub();
  };
  const stopDuties = async (): Promise<void> => {
    await handoffs?.stop();
    await scheduler?.stop();
    await probes.stop();
    await github.stop();
    await digests.stop();
    await talk.stop();
    await worker?.stop();
    await privacy.stop();
  };

  return {
    plan: holder,
    reload: (next) => reloader.reload(next),
    logger,
    http,
    stores,
    committer,
    metrics,
    alerts,
    slos,
    probes,
    github,
    privacy,
    digests,
    talk,
    evaluateAndRecord,
    role,
    async start() {
      const url = await http.listen({ port: options.port ?? 4100, host: options.host ?? '127.0.0.1' });
      listenUrl = options.externalUrl ?? url;
      if (options.scheduler !== false) {
        if (shared) {
          replica = new Replica({
            pool: shared.pool,
            url: options.replicaUrl ?? options.externalUrl ?? url,
            logger,
            ...(options.lease ? { lease: options.lease } : {}),
            lead: async () => {
              await maintenance.refresh();
              await alerts.lead();
              startDuties(url);
              await shared.resume?.();
            },
            follow: (reason) => {
              // A clean stop gives the lease up itself: that is no loss to report.
              if (stopped) return;
              alerts.follow();
              void stopDuties().then(() => replica?.stop());
              options.onLeadershipLost?.(reason);
            },
            refresh: async () => {
              await Promise.all([alerts.refresh(), privacy.refresh(), overrides.refresh()]);
            },
            committed: committedTypes,
          });
          await replica.start();
        } else {
          startDuties(url);
        }
      }
      logger.info({ url, product: plan().product.name, metrics: plan().metrics.length }, 'launchwatch is listening');
      return url;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await handoffs?.stop();
      await scheduler?.stop();
      await http.close();
      await admitPool?.close();
      await probes.stop();
      await github.stop();
      await committer.idle();
      await alerts.stop();
      await digests.stop();
      await talk.stop();
      await worker?.stop();
      await privacy.stop();
      // The lease goes last, once nothing more is written: then another replica leads at once.
      await replica?.stop();
      await stores.close();
      logger.info('launchwatch stopped');
    },
  };
}

const optionalSecret = (secret: string | undefined): { calendarSecret?: string } => (secret === undefined ? {} : { calendarSecret: secret });

/**
 * Live updates for the dashboard: GET /api/v1/stream is a server-sent events
 * stream that says `evaluation` each time the scheduler has evaluated the plan,
 * and `plan` when a reload put a new plan in force (its metrics may differ),
 * so a page refreshes what it shows without polling. Updates carry a summary;
 * clients read the details from the API as usual.
 */
import type { FastifyInstance } from 'fastify';
import type { PlanEvaluation } from '../../metrics/evaluate.js';

export interface EvaluationUpdate {
  readonly evaluated_at: string;
  readonly metrics: { readonly green: number; readonly yellow: number; readonly red: number; readonly unknown: number };
  readonly alerts: { readonly firing: number; readonly pending: number };
}

/** A reload put a new plan in force: its version (1 is the plan the server started with) and how many metrics it has. */
export interface PlanUpdate {
  readonly version: number;
  readonly reloaded_at: string;
  readonly metrics: number;
}

export type FeedUpdate = { readonly event: 'evaluation'; readonly data: EvaluationUpdate } | { readonly event: 'plan'; readonly data: PlanUpdate };

type Listener = (update: FeedUpdate) => void;

/** The summary of one evaluation: how many metrics have each status, how many alerts fire or wait. */
export function evaluationUpdate(evaluatedAt: string, metrics: readonly { readonly status: 'green' | 'yellow' | 'red' | 'unknown' }[], alertStates: readonly string[]): EvaluationUpdate {
  const counts = { green: 0, yellow: 0, red: 0, unknown: 0 };
  for (const metric of metrics) counts[metric.status]++;
  return {
    evaluated_at: evaluatedAt,
    metrics: counts,
    alerts: { firing: alertStates.filter((s) => s === 'firing').length, pending: alertStates.filter((s) => s === 'pending').length },
  };
}

/** The evaluations published by the app, fanned out to every open stream; the last one is kept for the overview. */
export class UpdateFeed {
  private readonly listeners = new Set<Listener>();
  private sequence = 0;
  private last: PlanEvaluation | undefined;

  /** Announces an evaluation; `evaluation` (the whole of it) is kept first, so a page reloading on the announcement reads it. */
  publish(update: EvaluationUpdate, evaluation?: PlanEvaluation): void {
    this.announce({ event: 'evaluation', data: update }, evaluation);
  }

  /** Announces a new plan in force, with its first evaluation when there is one (the last one kept was of the old plan). */
  publishPlan(update: PlanUpdate, evaluation?: PlanEvaluation): void {
    this.announce({ event: 'plan', data: update }, evaluation);
  }

  private announce(update: FeedUpdate, evaluation: PlanEvaluation | undefined): void {
    this.sequence++;
    if (evaluation) this.last = evaluation;
    for (const listener of this.listeners) listener(update);
  }

  /** The last evaluation published with its details, if any. */
  get latest(): PlanEvaluation | undefined {
    return this.last;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  get published(): number {
    return this.sequence;
  }
}

/** One server-sent event: the name, and the data as one line of JSON (JSON has no raw newlines). */
export function sseFrame(event: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export interface StreamRouteOptions {
  readonly feed: UpdateFeed;
  /** How often a comment keeps idle connections (and proxies) open. */
  readonly heartbeatMs?: number;
}

export function streamRoutes(app: FastifyInstance, options: StreamRouteOptions): void {
  const open = new Set<() => void>();
  // Streams never end on their own: close them first, or the server would wait for them on stop.
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    done();
  });

  app.get('/api/v1/stream', (request, reply) => {
    const headers = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' };
    if (request.method === 'HEAD') return reply.headers(headers).send();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, headers);
    res.write(`retry: 5000\n${sseFrame('ready', { published: options.feed.published })}`);
    const unsubscribe = options.feed.subscribe((update) => res.write(sseFrame(update.event, update.data, options.feed.published)));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs ?? 15_000);
    heartbeat.unref();
    const end = (): void => {
      if (!open.delete(end)) return;
      clearInterval(heartbeat);
      unsubscribe();
      res.end();
    };
    open.add(end);
    request.raw.on('close', end);
    res.on('error', end);
    return undefined;
  });
}

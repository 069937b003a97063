/**
 * Worker threads that run admitBody (admit-body.ts) for large ingest bodies,
 * so reading, admitting and encoding events — most of an event's CPU — runs
 * beside the request thread instead of on it. Each worker holds a copy of the
 * plan and of the store's encoding, replaced by a message when the plan is
 * reloaded (replan: bodies sent before it are admitted under the old pair,
 * bodies sent after under the new, each body under one), and gets a young
 * generation large enough that a body's short-lived objects die there. Workers start on first use and exit
 * after idleMs without a body; one that dies fails the bodies it held
 * (their requests answer 500 and nothing of them was stored) and is replaced
 * on the next body.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Plan } from '../plan/types.js';
import type { LogEncoding } from '../store/duckdb/log-format.js';
import type { BodyAdmission, BodyRequest } from './admit-body.js';

export interface AdmitPoolOptions {
  readonly plan: Plan;
  readonly encoding: LogEncoding;
  /**
   * Worker threads; default one per core, at most 4. On 2 cores, one worker is
   * busy all the time at ~100 000 events/s while the request thread idles half
   * of it; two keep both cores working (BENCHMARKS.md).
   */
  readonly size?: number;
  /** Each worker's young generation, MB (V8's semi-spaces): default 64. */
  readonly youngGenerationMb?: number;
  /**
   * A worker with no body for this long exits (its heap and young generation are
   * given back); the next large body starts one again. Default 30 000 ms.
   */
  readonly idleMs?: number;
  /** The workers' module (default admit-worker): tests give one of their own. */
  readonly module?: URL;
}

/** What the pool sends a worker, and what it answers. */
export interface AdmitTask {
  readonly id: number;
  readonly request: BodyRequest;
}
export type AdmitReply = { readonly id: number; readonly result: BodyAdmission } | { readonly id: number; readonly error: string };
/** What the pool sends a worker when the plan is reloaded: the plan and encoding for the bodies after it. */
export interface AdmitReplan {
  readonly kind: 'replan';
  readonly plan: Plan;
  readonly encoding: LogEncoding;
}

/** What a worker starts with (workerData). */
export interface AdmitWorkerData {
  readonly plan: Plan;
  readonly encoding: LogEncoding;
}

interface Task {
  readonly resolve: (result: BodyAdmission) => void;
  readonly reject: (error: Error) => void;
}

/** How long a worker waits for its next body before it exits. */
export const DEFAULT_IDLE_MS = 30_000;

class PoolWorker {
  readonly tasks = new Map<number, Task>();
  idle: NodeJS.Timeout | undefined;
  constructor(readonly worker: Worker) {}
}

/**
 * The worker's module: the .js build beside this file. When this file runs as
 * TypeScript source (tests, `npm run dev`), the worker registers tsx's loader
 * first and then imports the .ts source: Node 20 workers ignore `--import` in
 * execArgv, so a small module given as a data: URL does both.
 */
function workerModule(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./admit-worker.js', import.meta.url);
  // tsx's ESM API (the "import" condition of tsx/esm/api): register() installs its loader in this thread.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const source = new URL('./admit-worker.ts', import.meta.url).href;
  const code = `const { register } = await import(${JSON.stringify(tsx)});\nregister();\nawait import(${JSON.stringify(source)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export class AdmitPool {
  private readonly workers: (PoolWorker | undefined)[];
  private next = 0;
  private ids = 0;
  private closed = false;
  /** What the next worker starts with, and what replan() last sent the running ones. */
  private current: AdmitWorkerData;

  constructor(private readonly options: AdmitPoolOptions) {
    const size = options.size ?? Math.min(4, availableParallelism());
    this.workers = Array.from({ length: size }, () => undefined);
    this.current = { plan: options.plan, encoding: options.encoding };
  }

  /**
   * Admits the bodies sent from now on under this plan and encoding. A worker
   * reads its messages in order, so a body sent before is admitted under the
   * previous pair and one sent after under this one; none is admitted under both.
   */
  replan(plan: Plan, encoding: LogEncoding): void {
    this.current = { plan, encoding };
    for (const entry of this.workers) entry?.worker.postMessage({ kind: 'replan', plan, encoding } satisfies AdmitReplan);
  }

  /** admitBody(request, plan, encoding) in a worker. */
  admit(request: BodyRequest): Promise<BodyAdmission> {
    if (this.closed) return Promise.reject(new Error('the admit pool is closed'));
    const slot = this.next;
    this.next = (this.next + 1) % this.workers.length;
    const worker = (this.workers[slot] ??= this.start(slot));
    clearTimeout(worker.idle);
    worker.idle = undefined;
    const id = ++this.ids;
    return new Promise((resolve, reject) => {
      worker.tasks.set(id, { resolve, reject });
      // The body's bytes move to the worker when they are a buffer of their own (Fastify's are), else they are copied.
      const body = request.body;
      const own = body.buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      worker.worker.postMessage({ id, request } satisfies AdmitTask, own ? [body.buffer] : []);
    });
  }

  /** Workers running now. */
  get running(): number {
    return this.workers.filter((w) => w !== undefined).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = this.workers.filter((w) => w !== undefined);
    this.workers.fill(undefined);
    for (const w of running) clearTimeout(w.idle);
    await Promise.all(running.map((w) => w.worker.terminate()));
  }

  private start(slot: number): PoolWorker {
    const worker = new Worker(this.options.module ?? workerModule(), {
      workerData: this.current satisfies AdmitWorkerData,
      resourceLimits: { maxYoungGenerationSizeMb: this.options.youngGenerationMb ?? 64 },
    });
    const entry = new PoolWorker(worker);
    worker.unref();
    worker.on('message', (reply: AdmitReply) => {
      const task = entry.tasks.get(reply.id);
      if (!task) return;
      entry.tasks.delete(reply.id);
      if (entry.tasks.size === 0) this.idleLater(slot, entry);
      if ('error' in reply) task.reject(new Error(`admitting the body failed in its worker: ${reply.error}`));
      else task.resolve(reply.result);
    });
    const fail = (error: Error): void => {
      clearTimeout(entry.idle);
      if (this.workers[slot] === entry) this.workers[slot] = undefined;
      for (const task of entry.tasks.values()) task.reject(error);
      entry.tasks.clear();
    };
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => fail(new Error(`the ingest worker exited with code ${code}`)));
    return entry;
  }

  /** Ends the worker once it has had no body for idleMs: a server that takes no large bodies holds no worker. */
  private idleLater(slot: number, entry: PoolWorker): void {
    clearTimeout(entry.idle);
    entry.idle = setTimeout(() => {
      if (this.workers[slot] !== entry || entry.tasks.size > 0) return;
      this.workers[slot] = undefined;
      void entry.worker.terminate();
    }, this.options.idleMs ?? DEFAULT_IDLE_MS);
    entry.idle.unref();
  }
}

/**
 * Worker threads that run admitBody (admit-body.ts) for large ingest bodies,
 * so reading, admitting and encoding events — most of an event's CPU — runs
 * beside the request thread instead of on it. Each worker holds a copy of the
 * plan and of the store's encoding, fixed for the life of the process, and
 * gets a young generation large enough that a body's short-lived objects die
 * there. Workers start on first use; one that dies fails the bodies it held
 * (their requests answer 500 and nothing of them was stored) and is replaced
 * on the next body.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Plan } from '../plan/types.js';
import type { LogEncoding } from '../store/duckdb/log-format.js';
import type { BodyAdmission, BodyRequest } from './admit-body.js';

export interface AdmitPoolOptions {
  readonly plan: Plan;
  readonly encoding: LogEncoding;
  /** Worker threads; default one less than the cores, at least 1 and at most 4. */
  readonly size?: number;
  /** Each worker's young generation, MB (V8's semi-spaces): default 64. */
  readonly youngGenerationMb?: number;
}

/** What the pool sends a worker, and what it answers. */
export interface AdmitTask {
  readonly id: number;
  readonly request: BodyRequest;
}
export type AdmitReply = { readonly id: number; readonly result: BodyAdmission } | { readonly id: number; readonly error: string };

/** What a worker starts with (workerData). */
export interface AdmitWorkerData {
  readonly plan: Plan;
  readonly encoding: LogEncoding;
}

interface Task {
  readonly resolve: (result: BodyAdmission) => void;
  readonly reject: (error: Error) => void;
}

class PoolWorker {
  readonly tasks = new Map<number, Task>();
  constructor(readonly worker: Worker) {}
}

/** The worker's module: its .js build beside this file, or under tsx (tests, `npm run dev`) its TypeScript source. */
function workerModule(): { url: URL; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  return { url: new URL(fromSource ? './admit-worker.ts' : './admit-worker.js', import.meta.url), execArgv: fromSource ? ['--import', 'tsx'] : [] };
}

export class AdmitPool {
  private readonly workers: (PoolWorker | undefined)[];
  private next = 0;
  private ids = 0;
  private closed = false;

  constructor(private readonly options: AdmitPoolOptions) {
    const size = options.size ?? Math.min(4, Math.max(1, availableParallelism() - 1));
    this.workers = Array.from({ length: size }, () => undefined);
  }

  get size(): number {
    return this.workers.length;
  }

  /** admitBody(request, plan, encoding) in a worker. */
  admit(request: BodyRequest): Promise<BodyAdmission> {
    if (this.closed) return Promise.reject(new Error('the admit pool is closed'));
    const slot = this.next;
    this.next = (this.next + 1) % this.workers.length;
    const worker = (this.workers[slot] ??= this.start(slot));
    const id = ++this.ids;
    return new Promise((resolve, reject) => {
      worker.tasks.set(id, { resolve, reject });
      // The body's bytes move to the worker when they are a buffer of their own (Fastify's are), else they are copied.
      const body = request.body;
      const own = body.buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      worker.worker.postMessage({ id, request } satisfies AdmitTask, own ? [body.buffer] : []);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = this.workers.filter((w) => w !== undefined);
    this.workers.fill(undefined);
    await Promise.all(running.map((w) => w.worker.terminate()));
  }

  private start(slot: number): PoolWorker {
    const module = workerModule();
    const worker = new Worker(module.url, {
      workerData: { plan: this.options.plan, encoding: this.options.encoding } satisfies AdmitWorkerData,
      execArgv: module.execArgv,
      resourceLimits: { maxYoungGenerationSizeMb: this.options.youngGenerationMb ?? 64 },
    });
    const entry = new PoolWorker(worker);
    worker.unref();
    worker.on('message', (reply: AdmitReply) => {
      const task = entry.tasks.get(reply.id);
      if (!task) return;
      entry.tasks.delete(reply.id);
      if ('error' in reply) task.reject(new Error(`admitting the body failed in its worker: ${reply.error}`));
      else task.resolve(reply.result);
    });
    const fail = (error: Error): void => {
      if (this.workers[slot] === entry) this.workers[slot] = undefined;
      for (const task of entry.tasks.values()) task.reject(error);
      entry.tasks.clear();
    };
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => fail(new Error(`the ingest worker exited with code ${code}`)));
    return entry;
  }
}

/**
 * An ingest worker thread (admit-pool.ts): admitBody for each body it is sent,
 * with the plan and encoding it started with or was last sent (a reload).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { transferables } from '../store/duckdb/log-format.js';
import { admitBody } from './admit-body.js';
import type { AdmitReplan, AdmitReply, AdmitTask, AdmitWorkerData } from './admit-pool.js';

let { plan, encoding } = workerData as AdmitWorkerData;
const port = parentPort;
if (!port) throw new Error('admit-worker.ts runs as a worker thread of the admit pool');

port.on('message', (task: AdmitTask | AdmitReplan) => {
  if ('kind' in task) {
    ({ plan, encoding } = task);
    return;
  }
  let reply: AdmitReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const result = admitBody(task.request, plan, encoding);
    reply = { id: task.id, result };
    // The encoded lines move to the request thread instead of being copied.
    if (result.kind === 'ok' && result.admitted.kind === 'encoded') transfer = transferables(result.admitted.batch);
  } catch (error: unknown) {
    reply = { id: task.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply, transfer);
});

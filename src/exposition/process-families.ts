/**
 * The process's own memory on GET /metrics, under the names Prometheus's
 * client libraries use (`process_resident_memory_bytes`, `nodejs_heap_*`), so
 * the dashboards and alerts written for them work unchanged. Pure: the
 * figures come in as values (process.memoryUsage()).
 */
import type { MetricFamily } from './text-format.js';

export interface ProcessMemory {
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

const gauge = (name: string, help: string, value: number): MetricFamily => ({ name, help, type: 'gauge', samples: [{ labels: {}, value }] });

export function processFamilies(memory: ProcessMemory): MetricFamily[] {
  return [
    gauge('process_resident_memory_bytes', 'Resident memory of the process: the JavaScript heap, DuckDB and the mapped files.', memory.rss),
    gauge('nodejs_heap_size_total_bytes', 'Size of the JavaScript heap.', memory.heapTotal),
    gauge('nodejs_heap_size_used_bytes', 'Used part of the JavaScript heap.', memory.heapUsed),
    gauge('nodejs_external_memory_bytes', 'Memory of objects outside the JavaScript heap bound to JavaScript objects (buffers, the id set).', memory.external),
    gauge('nodejs_array_buffers_bytes', 'Memory of ArrayBuffers and Buffers (part of the external memory).', memory.arrayBuffers),
  ];
}

/**
 * Bench options from argv, with environment fallbacks:
 *   --quick                 small sizes, for a smoke run        (BENCH_QUICK=1)
 *   --only ingest|evaluate|alerts|scrub  one part only          (BENCH_ONLY)
 *   --events N              events sent over HTTP, 8 connections (BENCH_EVENTS)
 *   --connections N         concurrent keep-alive connections    (BENCH_CONNECTIONS)
 *   --sizes 1e6,1e7         stored events for plan evaluation    (BENCH_SIZES)
 *   --memory-limit 4GB      DuckDB memory limit for evaluation   (BENCH_MEMORY_LIMIT)
 *   --cpu-prof DIR          write the server's CPU profile there (BENCH_CPU_PROF)
 *   --no-build              skip `tsc -p tsconfig.build.json`
 */
import { parseArgs } from 'node:util';

export type Part = 'ingest' | 'evaluate' | 'alerts' | 'scrub';

export interface BenchOptions {
  readonly parts: readonly Part[];
  readonly quick: boolean;
  readonly ingestEvents: number;
  /** Events sent over one connection. */
  readonly singleEvents: number;
  readonly connections: number;
  readonly batch: number;
  readonly sizes: readonly number[];
  readonly memoryLimit: string;
  readonly cpuProfDir: string | undefined;
  readonly build: boolean;
  /** Trials of the alert detection bench. */
  readonly alertTrials: number;
}

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: expected a positive number, got "${text}"`);
  return Math.round(n);
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean' },
      only: { type: 'string' },
      events: { type: 'string' },
      connections: { type: 'string' },
      sizes: { type: 'string' },
      'memory-limit': { type: 'string' },
      'cpu-prof': { type: 'string' },
      'no-build': { type: 'boolean' },
    },
  });
  const quick = values.quick ?? env.BENCH_QUICK === '1';
  const only = values.only ?? env.BENCH_ONLY;
  if (only !== undefined && only !== 'ingest' && only !== 'evaluate' && only !== 'alerts' && only !== 'scrub') throw new Error(`--only: expected ingest, evaluate, alerts or scrub, got "${only}"`);
  const events = values.events ?? env.BENCH_EVENTS;
  const ingestEvents = events ? positive('--events', events) : quick ? 100_000 : 400_000;
  const sizes = values.sizes ?? env.BENCH_SIZES;
  return {
    parts: only ? [only] : ['ingest', 'evaluate', 'alerts', 'scrub'],
    alertTrials: quick ? 5 : 30,
    quick,
    ingestEvents,
    singleEvents: Math.max(500, Math.round(ingestEvents / 4)),
    connections: positive('--connections', values.connections ?? env.BENCH_CONNECTIONS ?? '8'),
    batch: 500,
    sizes: sizes ? sizes.split(',').map((s) => positive('--sizes', s)) : quick ? [100_000] : [1_000_000, 10_000_000],
    memoryLimit: values['memory-limit'] ?? env.BENCH_MEMORY_LIMIT ?? '4GB',
    cpuProfDir: values['cpu-prof'] ?? env.BENCH_CPU_PROF,
    build: !(values['no-build'] ?? false),
  };
}

/**
 * Bench options from argv, with environment fallbacks:
 *   --quick                 small sizes, for a smoke run        (BENCH_QUICK=1)
 *   --only ingest|evaluate|alerts|scrub|alertmanager|cardinality|scale-out|prometheus  one part only  (BENCH_ONLY)
 *                           (cardinality: the alertmanager part's cardinality run alone)
 *   --events N              events sent over HTTP, 8 connections (BENCH_EVENTS)
 *   --connections N         concurrent keep-alive connections    (BENCH_CONNECTIONS)
 *   --sizes 1e6,1e7         stored events for plan evaluation    (BENCH_SIZES)
 *   --memory-limit 4GB      DuckDB memory limit for evaluation   (BENCH_MEMORY_LIMIT)
 *   --evaluate-data DIR     keep the evaluation's filled data directory there (DIR/<size>), and reuse it when filled (BENCH_EVALUATE_DATA)
 *   --cpu-prof DIR          write the server's CPU profile there (BENCH_CPU_PROF)
 *   --no-build              skip `tsc -p tsconfig.build.json`
 *
 * The slo part runs only when asked (`--only slo`): 10 SLOs evaluated over stored caro events, and paging latency.
 *   --slo-events N          stored events, default 10 000 000, 100 000 with --quick (BENCH_SLO_EVENTS)
 *   --slo-trials N          paging trials, default 10, 3 with --quick (BENCH_SLO_TRIALS)
 *
 * The alertmanager part runs only when asked (`--only alertmanager`): it
 * installs Debian's prometheus-alertmanager when missing (apt-get, needs root
 * or sudo; no service is started) and compares launchwatch's alert path with it.
 *   --am-duration S         seconds of the re-send load, default 10 (BENCH_AM_DURATION)
 *   --am-trials N           new alerts timed to their webhook, default 10 (BENCH_AM_TRIALS)
 *   --am-wait S             longest wait for one webhook or answer, default 20 (BENCH_AM_WAIT)
 *   --am-bulk-wait S        longest a bulk phase may take, default 120 (BENCH_AM_BULK_WAIT)
 *   --am-hosts N            alert groups of the delivery and cardinality runs, default 10 000 (BENCH_AM_HOSTS)
 *   --am-held N             posted alerts held for the memory figure, default 100 000 (BENCH_AM_HELD)
 *   --alertmanager PATH     the Alertmanager binary to run (BENCH_ALERTMANAGER)
 *
 * The memory part runs only when asked (`--only memory`): the server's RSS idle, holding events, holding alerts.
 *   --memory-events N       events held, default 10 000 000, 1 000 000 with --quick (BENCH_MEMORY_EVENTS)
 *   --memory-alerts N       alert instances held, default 100 000 (BENCH_MEMORY_ALERTS)
 *   --memory-data DIR       copy this data directory (filled by an earlier run) instead of writing the events in-process (BENCH_MEMORY_DATA)
 *   --serve-args "..."      more arguments for the server, e.g. "--memory-limit 1GB" (BENCH_SERVE_ARGS)
 *   --memory-stages LIST    which stages, of idle,events,alerts (default all) (BENCH_MEMORY_STAGES)
 */
import { parseArgs } from 'node:util';
import type { AlertmanagerBenchOptions } from './alertmanager.js';
import type { MemoryBenchOptions } from './memory.js';
import type { SloBenchOptions } from './slo.js';

export type Part = 'ingest' | 'evaluate' | 'alerts' | 'scrub' | 'alertmanager' | 'cardinality' | 'scale-out' | 'prometheus' | 'memory' | 'slo';

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
  /** Where the evaluation keeps its filled data directories for later runs (one per size); a temp directory, deleted, when unset. */
  readonly evaluateData: string | undefined;
  readonly cpuProfDir: string | undefined;
  readonly build: boolean;
  /** Trials of the alert detection bench. */
  readonly alertTrials: number;
  /** The alertmanager part's settings. */
  readonly alertmanager: AlertmanagerBenchOptions;
  /** The memory part's settings. */
  readonly memory: MemoryBenchOptions;
  /** The slo part's settings. */
  readonly slo: SloBenchOptions;
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
      'evaluate-data': { type: 'string' },
      'cpu-prof': { type: 'string' },
      'no-build': { type: 'boolean' },
      'am-duration': { type: 'string' },
      'am-trials': { type: 'string' },
      'am-wait': { type: 'string' },
      'am-bulk-wait': { type: 'string' },
      'am-hosts': { type: 'string' },
      'am-held': { type: 'string' },
      alertmanager: { type: 'string' },
      'memory-events': { type: 'string' },
      'memory-alerts': { type: 'string' },
      'serve-args': { type: 'string' },
      'memory-data': { type: 'string' },
      'memory-stages': { type: 'string' },
      'slo-events': { type: 'string' },
      'slo-trials': { type: 'string' },
    },
  });
  const quick = values.quick ?? env.BENCH_QUICK === '1';
  const only = values.only ?? env.BENCH_ONLY;
  if (only !== undefined && only !== 'ingest' && only !== 'evaluate' && only !== 'alerts' && only !== 'scrub' && only !== 'alertmanager' && only !== 'cardinality' && only !== 'scale-out' && only !== 'prometheus' && only !== 'memory' && only !== 'slo') {
    throw new Error(`--only: expected ingest, evaluate, alerts, scrub, alertmanager, cardinality, scale-out, prometheus, memory or slo, got "${only}"`);
  }
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
    evaluateData: values['evaluate-data'] ?? env.BENCH_EVALUATE_DATA,
    cpuProfDir: values['cpu-prof'] ?? env.BENCH_CPU_PROF,
    build: !(values['no-build'] ?? false),
    alertmanager: {
      durationMs: 1000 * positive('--am-duration', values['am-duration'] ?? env.BENCH_AM_DURATION ?? (quick ? '3' : '10')),
      trials: positive('--am-trials', values['am-trials'] ?? env.BENCH_AM_TRIALS ?? (quick ? '3' : '10')),
      waitMs: 1000 * positive('--am-wait', values['am-wait'] ?? env.BENCH_AM_WAIT ?? '20'),
      bulkWaitMs: 1000 * positive('--am-bulk-wait', values['am-bulk-wait'] ?? env.BENCH_AM_BULK_WAIT ?? (quick ? '30' : '120')),
      hosts: positive('--am-hosts', values['am-hosts'] ?? env.BENCH_AM_HOSTS ?? (quick ? '1000' : '10000')),
      held: positive('--am-held', values['am-held'] ?? env.BENCH_AM_HELD ?? (quick ? '10000' : '100000')),
      connections: positive('--connections', values.connections ?? env.BENCH_CONNECTIONS ?? '8'),
      binary: values.alertmanager ?? env.BENCH_ALERTMANAGER,
    },
    slo: {
      events: positive('--slo-events', values['slo-events'] ?? env.BENCH_SLO_EVENTS ?? (quick ? '100000' : '10000000')),
      trials: positive('--slo-trials', values['slo-trials'] ?? env.BENCH_SLO_TRIALS ?? (quick ? '3' : '10')),
      memoryLimit: values['memory-limit'] ?? env.BENCH_MEMORY_LIMIT ?? '4GB',
    },
    memory: {
      events: positive('--memory-events', values['memory-events'] ?? env.BENCH_MEMORY_EVENTS ?? (quick ? '1000000' : '10000000')),
      alerts: positive('--memory-alerts', values['memory-alerts'] ?? env.BENCH_MEMORY_ALERTS ?? '100000'),
      connections: positive('--connections', values.connections ?? env.BENCH_CONNECTIONS ?? '8'),
      fillMemoryLimit: values['memory-limit'] ?? env.BENCH_MEMORY_LIMIT ?? '4GB',
      filledDir: values['memory-data'] ?? env.BENCH_MEMORY_DATA,
      serveArgs: (values['serve-args'] ?? env.BENCH_SERVE_ARGS ?? '').split(' ').filter(Boolean),
      stages: memoryStages(values['memory-stages'] ?? env.BENCH_MEMORY_STAGES ?? 'idle,events,alerts'),
    },
  };
}

function memoryStages(list: string): MemoryBenchOptions['stages'] {
  const known = ['idle', 'events', 'alerts'] as const;
  const stages = list.split(',').map((s) => s.trim());
  const unknown = stages.find((s) => !known.some((k) => k === s));
  if (unknown !== undefined) throw new Error(`--memory-stages: expected some of ${known.join(', ')}, got "${unknown}"`);
  return known.filter((k) => stages.includes(k));
}

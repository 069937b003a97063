/**
 * The memory bench's server: `node dist/cli/main.js serve` as a child process
 * on a data directory the bench owns (kept across a stop, so that it can be
 * reopened), and its memory as Linux reports it in /proc/<pid>/status.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './alertmanager-servers.js';
import { ROOT } from './caro.js';
import { exited } from './server.js';
import { mib } from './stats.js';

/** Memory of a process from /proc/<pid>/status, in bytes. */
export interface Memory {
  /** VmRSS: resident now. */
  readonly rss: number;
  /** VmHWM: the most that was ever resident. */
  readonly hwm: number;
  /** RssAnon: heap, stacks, DuckDB's buffers (what the process allocated). */
  readonly anon: number;
  /** RssFile: mapped files resident (the node binary, DuckDB's library). */
  readonly file: number;
}

export async function memoryOf(pid: number): Promise<Memory | undefined> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile') };
}

export function memoryText(memory: Memory | undefined): string {
  if (!memory) return 'n/a (no /proc)';
  return `RSS ${mib(memory.rss)} (peak ${mib(memory.hwm)}; anonymous ${mib(memory.anon)}, files ${mib(memory.file)})`;
}

export interface Served {
  readonly url: string;
  readonly pid: number;
  /** performance.now() when the process was spawned. */
  readonly spawnedAt: number;
  memory(): Promise<Memory | undefined>;
  stop(): Promise<void>;
}

export interface ServeOptions {
  readonly plan: string;
  readonly dataDir: string;
  /** The environment beyond the bench's own (the plan's variables); the API tokens are left out, so the API is open on loopback. */
  readonly env: Record<string, string>;
  readonly args?: readonly string[];
}

/** Starts the server and resolves once it is spawned; `ready()` waits for `path` to answer 200. */
export async function serve(options: ServeOptions): Promise<Served & { readonly child: ChildProcess }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', ...options.env };
  delete env.LAUNCHWATCH_ADMIN_TOKEN;
  delete env.LAUNCHWATCH_VIEWER_TOKEN;
  delete env.LAUNCHWATCH_SCRAPE_TOKEN;
  const spawnedAt = performance.now();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist/cli/main.js'), 'serve', '--plan', options.plan, '--data', options.dataDir, '--port', String(port), '--host', '127.0.0.1', ...(options.args ?? [])],
    { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the server');
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await exited(child);
    clearTimeout(timer);
  };
  return { url: `http://127.0.0.1:${port}`, pid, spawnedAt, child, memory: () => memoryOf(pid), stop };
}

/** Waits until `path` answers 200; resolves with performance.now() of that answer. */
export async function firstOk(server: Served & { readonly child: ChildProcess }, path: string, timeoutMs = 120_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`the server exited with code ${server.child.exitCode}`);
    try {
      const res = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      if (res.ok) return performance.now();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${path} did not answer 200 within ${timeoutMs} ms`);
}

/** Samples the memory every `everyMs` while `work` runs; the largest VmRSS seen. */
export async function peakWhile<T>(server: Served, work: Promise<T>, everyMs = 200): Promise<{ result: T; peakRss: number }> {
  let peakRss = 0;
  const timer = setInterval(() => {
    void server.memory().then((m) => {
      if (m && m.rss > peakRss) peakRss = m.rss;
    });
  }, everyMs);
  try {
    return { result: await work, peakRss };
  } finally {
    clearInterval(timer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

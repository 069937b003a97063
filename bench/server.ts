/**
 * The real server as a child process: `node dist/cli/main.js serve` on a
 * temp data directory and a free loopback port, stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAN_FILE, ROOT, planEnv } from './caro.js';

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** User + system CPU seconds the server has used so far (Linux /proc), or undefined. */
  cpuSeconds(): Promise<number | undefined>;
  stop(): Promise<void>;
}

export interface ServerOptions {
  readonly ingestKey: string;
  /** Writes a V8 CPU profile into this directory on exit. */
  readonly cpuProfDir?: string;
  /** More arguments for `serve` (the scale-out part's --state and --events). */
  readonly args?: readonly string[];
  /** The plan to serve (default: the caro example, bench/caro.ts's PLAN_FILE). */
  readonly planFile?: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server did not answer /healthz within ${timeoutMs} ms`);
}

/** User + system CPU seconds of a process, from /proc; undefined once it is gone. */
export async function procCpuSeconds(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), in clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Resolves once the child has exited (at once when it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'launchwatch-bench-ingest-'));
  const port = await freePort();
  const nodeFlags = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const child = spawn(
    process.execPath,
    [...nodeFlags, join(ROOT, 'dist/cli/main.js'), 'serve', '--plan', options.planFile ?? PLAN_FILE, '--data', dataDir, '--port', String(port), '--host', '127.0.0.1', ...(options.args ?? [])],
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...(await planEnv(options.ingestKey)) }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const pid = child.pid;
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited(child);
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    if (pid === undefined) throw new Error('could not start the server');
    await waitForHealth(url, child);
  } catch (error: unknown) {
    await stop();
    throw error;
  }
  return { url, pid, cpuSeconds: () => procCpuSeconds(pid), stop };
}

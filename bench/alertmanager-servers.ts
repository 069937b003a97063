/**
 * The two alert servers the alertmanager bench compares, each a child process
 * on a free loopback port with a temp directory: Prometheus Alertmanager
 * (Debian's prometheus-alertmanager, installed when missing) and launchwatch
 * (dist/cli/main.js serve). Both answer POST /api/v2/alerts; the bench reads
 * their resident memory and CPU time from /proc.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './caro.js';
import { exited, procCpuSeconds } from './server.js';

export type ServerName = 'launchwatch' | 'Alertmanager';

export interface AlertServer {
  readonly name: ServerName;
  readonly url: string;
  readonly pid: number;
  /** VmRSS of the process in bytes (Linux /proc), or undefined. */
  rss(): Promise<number | undefined>;
  /** User + system CPU seconds the process has used so far, or undefined. */
  cpuSeconds(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** The grouping both servers are given: `group_wait: 0s`, `group_interval: 1s`, `repeat_interval: 4h`. */
export interface Grouping {
  readonly groupBy: readonly string[];
}

const PACKAGE = 'prometheus-alertmanager';
const POLICY = '/usr/sbin/policy-rc.d';

function run(command: string, args: readonly string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function onPath(name: string): string | undefined {
  const found = run('sh', ['-c', `command -v ${name}`]);
  return found.ok ? found.output.trim() || undefined : undefined;
}

function packagedBinary(): string | undefined {
  const listed = run('dpkg', ['-L', PACKAGE]);
  if (!listed.ok) return undefined;
  return listed.output.split('\n').find((line) => /\/bin\/(prometheus-)?alertmanager$/.test(line) && existsSync(line));
}

/**
 * Installs Debian's prometheus-alertmanager with apt-get as scripts/test-deps.sh
 * does: a policy-rc.d denies service starts while installing (unless one is
 * already there), so no system Alertmanager is left listening on 9093.
 */
function install(): void {
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const as = (args: readonly string[]): { ok: boolean; output: string } => (sudo.length ? run('sudo', args) : run(args[0] ?? 'true', args.slice(1)));
  let ownPolicy = false;
  if (!existsSync(POLICY)) {
    const written = as(['sh', '-c', `printf '#!/bin/sh\\n# launchwatch bench: no service starts while installing.\\nexit 101\\n' > ${POLICY} && chmod 755 ${POLICY}`]);
    if (!written.ok) throw new Error(`could not write ${POLICY}: ${written.output}`);
    ownPolicy = true;
  }
  try {
    console.log(`  installing ${PACKAGE} from Debian (apt-get)`);
    const installArgs = ['apt-get', 'install', '-y', '-q', '--no-install-recommends', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', PACKAGE];
    let installed = as(installArgs);
    if (!installed.ok) {
      as(['apt-get', 'update', '-q']);
      installed = as(installArgs);
    }
    if (!installed.ok) throw new Error(`apt-get install ${PACKAGE} failed:\n${installed.output}`);
  } finally {
    if (ownPolicy) as(['rm', '-f', POLICY]);
  }
}

/** The Alertmanager binary: the one given, else on PATH, else Debian's package (installed when missing). */
export function alertmanagerBinary(given: string | undefined): string {
  if (given) return given;
  const found = onPath(PACKAGE) ?? onPath('alertmanager') ?? packagedBinary();
  if (found) return found;
  install();
  const installed = packagedBinary() ?? onPath(PACKAGE);
  if (!installed) throw new Error(`${PACKAGE} is installed but no alertmanager binary is in dpkg -L ${PACKAGE}`);
  return installed;
}

export function alertmanagerVersion(binary: string): string {
  const answer = run(binary, ['--version']);
  return /version (\S+)/.exec(answer.output)?.[1] ?? 'unknown version';
}

export async function freePort(): Promise<number> {
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

async function procStatus(pid: number): Promise<string | undefined> {
  try {
    return await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
}

export async function rssBytes(pid: number): Promise<number | undefined> {
  const match = /^VmRSS:\s+(\d+) kB/m.exec((await procStatus(pid)) ?? '');
  return match?.[1] ? Number(match[1]) * 1024 : undefined;
}

async function waitReady(url: string, child: ChildProcess, name: ServerName, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${name} was not ready at ${url} within ${timeoutMs} ms`);
}

async function started(name: ServerName, child: ChildProcess, url: string, readyPath: string, dir: string): Promise<AlertServer> {
  const pid = child.pid;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited(child);
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (pid === undefined) throw new Error(`could not start ${name}`);
    await waitReady(`${url}${readyPath}`, child, name);
  } catch (error: unknown) {
    await stop();
    throw error;
  }
  return { name, url, pid, rss: () => rssBytes(pid), cpuSeconds: () => procCpuSeconds(pid), stop };
}

function alertmanagerConfig(hookUrl: string, grouping: Grouping): string {
  return `route:
  receiver: hook
  group_by: [${grouping.groupBy.map((label) => `'${label}'`).join(', ')}]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 4h
receivers:
  - name: hook
    webhook_configs:
      - url: '${hookUrl}'
        send_resolved: true
`;
}

export async function startAlertmanager(binary: string, hookUrl: string, grouping: Grouping): Promise<AlertServer> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-am-'));
  const config = join(dir, 'alertmanager.yml');
  await writeFile(config, alertmanagerConfig(hookUrl, grouping));
  const port = await freePort();
  const child = spawn(
    binary,
    [`--config.file=${config}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return started('Alertmanager', child, `http://127.0.0.1:${port}`, '/-/ready', dir);
}

/** launchwatch serving `plan` (a YAML text); the admin tokens of the environment are left out, so the API is open on loopback. */
export async function startLaunchwatch(plan: string): Promise<AlertServer> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-lw-'));
  const planFile = join(dir, 'plan.yaml');
  await writeFile(planFile, plan);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };
  delete env.LAUNCHWATCH_ADMIN_TOKEN;
  delete env.LAUNCHWATCH_VIEWER_TOKEN;
  delete env.LAUNCHWATCH_SCRAPE_TOKEN;
  // BENCH_CPU_PROF=DIR (as --cpu-prof for the ingest part): the server writes its CPU profile there.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, join(ROOT, 'dist/cli/main.js'), 'serve', '--plan', planFile, '--data', join(dir, 'data'), '--port', String(port), '--host', '127.0.0.1'],
    { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return started('launchwatch', child, `http://127.0.0.1:${port}`, '/healthz', dir);
}

/** A plan that takes posted alerts only, routed as Alertmanager's configuration above. */
export function postedAlertsPlan(hookUrl: string, grouping: Grouping): string {
  return `
version: 1
product: { name: alertmanager-bench }
evaluation: { interval: 1h }
events:
  unused: {}
metrics:
  unused_count: { from: unused, count: true, window: 1h }
channels:
  hook: { type: webhook, url: "${hookUrl}" }
routing:
  group_by: [${grouping.groupBy.join(', ')}]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 4h
  default: [hook]
`;
}

/**
 * The real Prometheus and amtool (Debian's `prometheus` and
 * `prometheus-alertmanager`, installed by scripts/test-deps.sh) as child
 * processes pointed at a launchwatch server on loopback.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Fails with the fix when the tools are not installed, instead of skipping. */
export function requireTools(): void {
  for (const tool of ['prometheus', 'amtool']) {
    if (spawnSync(tool, ['--version']).status !== 0) throw new Error(`${tool} is not installed: run bash scripts/test-deps.sh`);
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls until `check` returns a value; past the timeout, fails saying what it waited for, and `detail()`. */
export async function waitFor<T>(check: () => T | undefined, what: string, options: { timeoutMs?: number; detail?: () => string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const found = check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${options.detail ? `\n${options.detail()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface AmtoolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Amtool {
  run(...args: string[]): Promise<AmtoolResult>;
  /** Runs and fails the test with amtool's output unless it exits 0. */
  ok(...args: string[]): Promise<string>;
  close(): void;
}

/**
 * amtool against `url`, in a HOME of its own (no user config is read). With a
 * token, an --http.config.file sends it as `Authorization: Bearer <token>`.
 */
export function amtool(url: string, token?: string): Amtool {
  const home = mkdtempSync(join(tmpdir(), 'lw-amtool-'));
  const flags = [`--alertmanager.url=${url}`];
  if (token !== undefined) {
    const file = join(home, 'http.yml');
    writeFileSync(file, `authorization:\n  type: Bearer\n  credentials: ${JSON.stringify(token)}\n`);
    flags.push(`--http.config.file=${file}`);
  }
  const run = (...args: string[]): Promise<AmtoolResult> =>
    new Promise((resolve) => {
      execFile('amtool', [...flags, ...args], { env: { PATH: process.env.PATH ?? '', HOME: home }, timeout: 30_000 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      });
    });
  return {
    run,
    async ok(...args) {
      const result = await run(...args);
      if (result.code !== 0) throw new Error(`amtool ${args.join(' ')} exited ${result.code}:\n${result.stdout}${result.stderr}`);
      return result.stdout;
    },
    close: () => rmSync(home, { recursive: true, force: true }),
  };
}

export interface PrometheusProcess {
  readonly url: string;
  /** What it printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Prometheus with one alerting rule, evaluated every second, sending to the
 * Alertmanager API v2 at `alertmanager` (host:port) with the bearer token.
 * It scrapes nothing; its data lives in a temp directory removed on stop.
 */
export async function startPrometheus(input: { alertmanager: string; token: string; rule: string }): Promise<PrometheusProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-prometheus-'));
  writeFileSync(join(dir, 'rules.yml'), input.rule);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  evaluation_interval: 1s',
      'rule_files: [rules.yml]',
      'alerting:',
      '  alertmanagers:',
      '    - api_version: v2',
      `      authorization: { type: Bearer, credentials: ${JSON.stringify(input.token)} }`,
      `      static_configs: [ { targets: [${JSON.stringify(input.alertmanager)}] } ]`,
      '',
    ].join('\n'),
  );
  return spawnPrometheus(dir, [
    // Prometheus drops the alerts of evaluations that run before its Alertmanagers are discovered,
    // and sends again only after the resend delay (1m by default): resend every second instead.
    '--rules.alert.resend-delay=1s',
  ]);
}

/**
 * Prometheus on a free loopback port with the prometheus.yml in `dir` (its
 * data beside it), and `extra` flags; stop() ends it and removes `dir`.
 */
export async function spawnPrometheus(dir: string, extra: readonly string[] = []): Promise<PrometheusProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'prometheus',
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${join(dir, 'data')}`, ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  child.on('error', (error) => (output += `\n${String(error)}`));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

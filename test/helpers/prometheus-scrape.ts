/**
 * The real Prometheus scraping a launchwatch server's GET /metrics every
 * second, and `promtool check metrics` (both from Debian's `prometheus`,
 * installed by scripts/test-deps.sh).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnPrometheus, type PrometheusProcess } from './prometheus-tools.js';

/** Fails with the fix when promtool is missing, instead of skipping. */
export function requirePromtool(): void {
  if (spawnSync('promtool', ['--version']).status !== 0) throw new Error('promtool is not installed: run bash scripts/test-deps.sh');
}

/** promtool's verdict on an exposition: its exit status and what it printed (problems and lint). */
export function promtoolCheck(exposition: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Prometheus scraping `target` (host:port) at /metrics every second, with the bearer token when given. */
export async function startScrapingPrometheus(input: { target: string; token?: string }): Promise<PrometheusProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-prometheus-scrape-'));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: launchwatch',
      ...(input.token !== undefined ? [`    authorization: { type: Bearer, credentials: ${JSON.stringify(input.token)} }`] : []),
      `    static_configs: [ { targets: [${JSON.stringify(input.target)}] } ]`,
      '',
    ].join('\n'),
  );
  return spawnPrometheus(dir);
}

export interface InstantVector {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

/** An instant query against Prometheus' HTTP API; an empty vector when it is not up yet. */
export async function promQuery(prometheusUrl: string, query: string): Promise<InstantVector[]> {
  try {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
    if (!response.ok) return [];
    const body = (await response.json()) as { data?: { result?: InstantVector[] } };
    return body.data?.result ?? [];
  } catch {
    return [];
  }
}

/**
 * Detection latency: how long from the ingest request that makes a `for: 0s`
 * rule true to its webhook arriving at a receiver, over many trials. The
 * server runs as a child process (dist/cli/main.js serve); the receiver is a
 * loopback HTTP server in this process. Prints p50 / p95 / max; never fails on time.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './caro.js';

const KEY = 'bench-alert-key-0123456789';

/** A `for: 0s` rule made true by one `probe` event with `bad: true`, for a second; also the plan of bench/alert-rule-under-load.ts. */
export function detectionPlan(hookUrl: string, key = KEY): string {
  return `
version: 1
product: { name: alert-latency }
ingest: { keys: [ { name: bench, key: "${key}" } ] }
evaluation: { interval: 1h }
events:
  probe: { trial: number, bad: boolean }
metrics:
  bad_probes: { from: probe, count: true, where: { bad: true }, window: 1s }
channels:
  hook: { type: webhook, url: "${hookUrl}" }
alerts:
  - { name: bad_probe, when: bad_probes > 0, for: 0s, severity: P1 }
routing: { group_by: [alertname], group_wait: 0s, group_interval: 1s, repeat_interval: 4h, default: [hook] }
`;
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const low = sorted[lower] ?? NaN;
  const high = sorted[Math.ceil(position)] ?? low;
  return low + (high - low) * (position - lower);
}

export async function benchAlertLatency(options: { trials: number }): Promise<void> {
  let firing: ((at: number) => void) | undefined;
  let resolved: (() => void) | undefined;
  const receiver = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const at = performance.now();
      const body = JSON.parse(text) as { status: string };
      if (body.status === 'firing') firing?.(at);
      else resolved?.();
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-alert-'));
  const planFile = join(dir, 'plan.yaml');
  await writeFile(planFile, detectionPlan(hookUrl));
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'serve', '--plan', planFile, '--data', join(dir, 'data'), '--port', '0'], {
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${String(code)}) before listening`)));
  });
  child.stdout.resume();

  const latencies: number[] = [];
  try {
    for (let trial = 0; trial < options.trials; trial++) {
      const fired = new Promise<number>((resolve) => (firing = resolve));
      const body = JSON.stringify([{ type: 'probe', timestamp: Date.now(), properties: { trial, bad: true } }]);
      const sentAt = performance.now();
      const response = await fetch(`${url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body });
      if (!response.ok) throw new Error(`ingest answered ${response.status}`);
      latencies.push((await fired) - sentAt);
      // The probe leaves the 1 s window; the alert resolves and its group closes before the next trial.
      await new Promise<void>((resolve) => (resolved = resolve));
      await new Promise((r) => setTimeout(r, 1100));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => receiver.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(`\nalert detection: ingest request → webhook delivered, for: 0s rule, ${options.trials} trials`);
  console.log(`  p50 ${quantile(sorted, 0.5).toFixed(0)} ms   p95 ${quantile(sorted, 0.95).toFixed(0)} ms   max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms   (aim: within 2000 ms)`);
}

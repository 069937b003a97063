/**
 * launchwatch alone: a `for: 0s` plan rule while Prometheus-style traffic
 * re-sends 2 000 posted alerts every second. Each trial ingests one event that
 * makes the rule true (a count over a 1 s window) and times the ingest request
 * to the rule's webhook (the plan of alert-latency.ts); the event leaves the window and the alert resolves
 * before the next trial.
 */
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { detectionPlan } from './alert-latency.js';
import { alertsUrl, postJson, ResendBodies, steadyLoad, type Receiver } from './alertmanager-load.js';
import { startLaunchwatch } from './alertmanager-servers.js';
import { ms, percentile } from './stats.js';

const RULE = 'bad_probe';

export async function benchRuleUnderLoad(receiver: Receiver, options: { readonly trials: number; readonly connections: number; readonly waitMs: number }): Promise<void> {
  const key = randomBytes(16).toString('hex');
  receiver.reset();
  const server = await startLaunchwatch(detectionPlan(receiver.url, key));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let missed: string | undefined;
  try {
    const load = steadyLoad(alertsUrl(server), new ResendBodies(2_000, 100, 'rule'), options.connections, options.waitMs);
    try {
      for (let trial = 0; trial < options.trials && missed === undefined; trial++) {
        const fired = receiver.waitFor((body) => body.status === 'firing' && body.alerts.some((a) => a.labels.alertname === RULE), options.waitMs);
        const body = JSON.stringify([{ type: 'probe', timestamp: Date.now(), properties: { trial, bad: true } }]);
        const sentAt = performance.now();
        const answer = await postJson(agent, `${server.url}/v1/events`, body, options.waitMs, { authorization: `Bearer ${key}` });
        if (answer.status !== 200) missed = `ingest answered ${answer.status}`;
        const at = await fired;
        if (at === undefined) missed ??= `no webhook within ${options.waitMs / 1000} s`;
        else latencies.push(at - sentAt);
        const resolved = await receiver.waitFor((b) => b.status === 'resolved' && b.alerts.some((a) => a.labels.alertname === RULE), options.waitMs);
        if (resolved === undefined) missed ??= `no resolution within ${options.waitMs / 1000} s`;
        await new Promise((r) => setTimeout(r, 1_100));
      }
    } finally {
      await load.stop();
    }
  } finally {
    agent.destroy();
    await server.stop();
  }
  console.log(`\nalert rule under load (launchwatch only): for: 0s rule, ingest request → webhook, while 2 000 posted alerts are re-sent every second`);
  console.log(
    `  p50 ${ms(percentile(latencies, 50))}   p95 ${ms(percentile(latencies, 95))}   max ${ms(percentile(latencies, 100))}   over ${latencies.length} trials (aim: within 2 000 ms)${missed ? `; stopped: ${missed}` : ''}`,
  );
}

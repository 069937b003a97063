/**
 * `npm run bench`: launchwatch's ingest throughput over HTTP, the time to
 * evaluate the caro plan over 1 M and 10 M stored events, and how fast a
 * `for: 0s` alert reaches its webhook. Prints figures and
 * the machine; never passes or fails on time. Options: see options.ts.
 *
 * `npm run bench -- --only alertmanager` (not part of the default run): the
 * alert path against Prometheus Alertmanager 0.25, one server after the other
 * with the same webhook receiver and the same Prometheus-style load of
 * POST /api/v2/alerts: alerts accepted per second, new alert → webhook under
 * that load, resident memory idle, loaded and with 100 000 alerts held, and
 * notifications delivered per second, and ratios; then launchwatch alone over
 * 10 000 alert groups of a rule (time to fire, to deliver, notifications per
 * second). Installs Debian's prometheus-alertmanager
 * when it is missing (apt-get as root or with sudo; its service is not started).
 *
 * `npm run bench -- --only scale-out` (not part of the default run): ingest
 * into one embedded server and through two replicas into ClickHouse, and the
 * failover time after a SIGKILL of the leader (bench/scale-out.ts).
 *
 * `npm run bench -- --only prometheus` (not part of the default run): what
 * `prometheus:` metrics add to the plan evaluation (bench/prometheus.ts).
 *
 * `npm run bench -- --only memory` (not part of the default run): the server's
 * resident memory idle on the demo's plan, holding 10 M events (and the time to
 * reopen them), and holding 100 000 alerts (bench/memory.ts).
 *
 * `npm run bench -- --only slo` (not part of the default run): 10 SLOs over
 * stored caro events, every window, cold and warm, and how soon a burn past
 * the page factor pages (bench/slo.ts).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './caro.js';
import { benchAlertLatency } from './alert-latency.js';
import { benchAlertmanager } from './alertmanager.js';
import { benchCardinalityAlone } from './alert-cardinality.js';
import { benchEvaluate } from './evaluate.js';
import { benchIngest } from './ingest.js';
import { benchMemory } from './memory.js';
import { benchScrub } from './scrub.js';
import { benchScaleOut } from './scale-out.js';
import { benchPrometheus } from './prometheus.js';
import { benchSlo } from './slo.js';
import { machine, printMachine } from './machine.js';
import { parseOptions } from './options.js';

function build(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('`tsc -p tsconfig.build.json` failed; the HTTP bench runs dist/cli/main.js');
}

const options = parseOptions(process.argv.slice(2), process.env);
console.log(`launchwatch bench, ${new Date().toISOString()}`);
printMachine(machine());
console.log(`command  npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`);

if (options.parts.includes('ingest')) {
  if (options.build) build();
  await benchIngest(options);
}
if (options.parts.includes('evaluate')) await benchEvaluate(options);
if (options.parts.includes('alerts')) {
  if (options.build && !options.parts.includes('ingest')) build();
  await benchAlertLatency({ trials: options.alertTrials });
}
if (options.parts.includes('scrub')) await benchScrub(options);
if (options.parts.includes('alertmanager')) {
  if (options.build) build();
  await benchAlertmanager(options.alertmanager);
}
if (options.parts.includes('cardinality')) {
  if (options.build) build();
  await benchCardinalityAlone(options.alertmanager);
}
if (options.parts.includes('scale-out')) {
  if (options.build) build();
  await benchScaleOut({ events: options.ingestEvents, connections: options.connections, batch: options.batch, trials: options.quick ? 2 : 5 });
}
if (options.parts.includes('prometheus')) await benchPrometheus();
if (options.parts.includes('slo')) {
  if (options.build) build();
  await benchSlo(options.slo);
}
if (options.parts.includes('memory')) {
  if (options.build) build();
  await benchMemory(options.memory);
}

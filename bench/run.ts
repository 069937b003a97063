/**
 * `npm run bench`: launchwatch's ingest throughput over HTTP, the time to
 * evaluate the caro plan over 1 M and 10 M stored events, and how fast a
 * `for: 0s` alert reaches its webhook. Prints figures and
 * the machine; never passes or fails on time. Options: see options.ts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './caro.js';
import { benchAlertLatency } from './alert-latency.js';
import { benchEvaluate } from './evaluate.js';
import { benchIngest } from './ingest.js';
import { benchScrub } from './scrub.js';
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

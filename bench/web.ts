/**
 * `npm run bench:web`: the dashboard's budget (seed 003): the initial
 * JavaScript the page loads, gzipped, and the time to the first rendered
 * overview tile in Chromium while `launchwatch demo` runs with its week of
 * history. Prints figures; never passes or fails. Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './caro.js';
import { machine, printMachine } from './machine.js';
import { launchChromium } from '../test/e2e/browser.js';

const RUNS = 7;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** The scripts and styles index.html loads before anything else. */
function initialAssets(): { scripts: string[]; styles: string[] } {
  const html = readFileSync(join(ROOT, 'dist/web/index.html'), 'utf8');
  const paths = (pattern: RegExp): string[] => [...html.matchAll(pattern)].map((m) => (m[1] ?? '').replace(/^\/app\//, ''));
  return { scripts: [...paths(/<script[^>]+src="([^"]+)"/g), ...paths(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)], styles: paths(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g) };
}

function sizes(files: string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const body = readFileSync(join(ROOT, 'dist/web', file));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { raw, gzip };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts the demo and resolves once its week of history is sent and live traffic streams. */
async function startDemo(port: number, data: string): Promise<() => void> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'demo', '--port', String(port), '--data', data], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LAUNCHWATCH_ADMIN_TOKEN: '' } });
  await new Promise<void>((resolve, reject) => {
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('streaming')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the demo stopped (${code}): ${text}`)));
  });
  return () => child.kill('SIGTERM');
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

console.log(`launchwatch web bench, ${new Date().toISOString()}`);
printMachine(machine());
console.log('command  npm run bench:web');
const { scripts, styles } = initialAssets();
const js = sizes(scripts);
const css = sizes(styles);
console.log(`initial JavaScript  ${scripts.join(', ')}: ${kb(js.raw)}, ${kb(js.gzip)} gzipped (budget 100 KB gzipped)`);
console.log(`initial CSS         ${styles.join(', ')}: ${kb(css.raw)}, ${kb(css.gzip)} gzipped`);

const data = mkdtempSync(join(tmpdir(), 'lw-webbench-'));
const port = await freePort();
const stop = await startDemo(port, data);
const browser = await launchChromium();
try {
  const times: { tile: number; all: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A new context each time: a cold cache, as a first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/app/`);
    await page.locator('article[data-metric]').first().waitFor();
    const tile = Number(await page.evaluate('performance.now()'));
    if (process.env.LW_WEB_BENCH_DEBUG) {
      const entries = (await page.evaluate('JSON.stringify(performance.getEntriesByType("resource").map((e) => [e.name.replace(/^.*\\/app\\/|^.*\\/api\\//, ""), Math.round(e.startTime), Math.round(e.responseEnd)]))')) as string;
      console.log(`run ${run}: tile ${tile.toFixed(0)} ms; ${entries}`);
    }
    await page.locator('article[data-metric] svg.spark').first().waitFor();
    const all = Number(await page.evaluate('performance.now()'));
    times.push({ tile, all });
    await context.close();
  }
  const tiles = times.map((t) => t.tile);
  const alls = times.map((t) => t.all);
  console.log(`first overview tile, from navigation, cold cache (${RUNS} runs): median ${median(tiles).toFixed(0)} ms, min ${Math.min(...tiles).toFixed(0)}, max ${Math.max(...tiles).toFixed(0)} (budget 1000 ms)`);
  console.log(`sparklines drawn too: median ${median(alls).toFixed(0)} ms, min ${Math.min(...alls).toFixed(0)}, max ${Math.max(...alls).toFixed(0)}`);
} finally {
  await browser.close();
  stop();
  rmSync(data, { recursive: true, force: true });
}

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

/**
 * Run in the page before its own scripts (through the DevTools protocol, so the
 * page's CSP does not apply): records when the first tile enters the DOM and
 * the next animation frame after it (the frame that paints it), in the page's
 * own clock, without the delay of the driver noticing.
 */
const RECORD_FIRST_TILE = `(() => {
  const seen = () => document.querySelector('article[data-metric]') !== null;
  const observer = new MutationObserver(() => {
    if (!seen()) return;
    observer.disconnect();
    window.__lwTileDom = performance.now();
    requestAnimationFrame(() => { window.__lwTilePaint = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

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
  const times: { paint: number; dom: number; seen: number; all: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A new context each time: a cold cache, as a first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(RECORD_FIRST_TILE);
    await page.goto(`http://127.0.0.1:${port}/app/`);
    await page.locator('article[data-metric]').first().waitFor();
    // When the driver noticed the tile: what this bench reported before it measured in the page (includes the driver's own delay).
    const seen = Number(await page.evaluate('performance.now()'));
    await page.waitForFunction('window.__lwTilePaint !== undefined');
    const dom = Number(await page.evaluate('window.__lwTileDom'));
    const paint = Number(await page.evaluate('window.__lwTilePaint'));
    if (process.env.LW_WEB_BENCH_DEBUG) {
      const entries = (await page.evaluate('JSON.stringify(performance.getEntriesByType("resource").map((e) => [e.name.replace(/^.*\\/app\\/|^.*\\/api\\//, ""), Math.round(e.startTime), Math.round(e.responseEnd)]))')) as string;
      console.log(`run ${run}: tile in DOM ${dom.toFixed(0)} ms, painted ${paint.toFixed(0)}, seen by the driver ${seen.toFixed(0)}; ${entries}`);
    }
    await page.locator('article[data-metric] svg.spark').first().waitFor();
    const all = Number(await page.evaluate('performance.now()'));
    times.push({ paint, dom, seen, all });
    await context.close();
  }
  const line = (label: string, values: number[], budget = ''): void =>
    console.log(`${label}: median ${median(values).toFixed(0)} ms, min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}${budget}`);
  line(`first overview tile painted, from navigation, cold cache (${RUNS} runs)`, times.map((t) => t.paint), ' (budget 1000 ms)');
  line('  in the DOM', times.map((t) => t.dom));
  line('  seen by the driver (the earlier measure)', times.map((t) => t.seen));
  line('sparklines drawn too (seen by the driver)', times.map((t) => t.all));
} finally {
  await browser.close();
  stop();
  rmSync(data, { recursive: true, force: true });
}

/**
 * Every dashboard page and the status page at a phone's width (390×844) and
 * a desktop's (1440×1000): no element's right edge passes the viewport (the
 * page never scrolls sideways), unless it sits inside a container that fits
 * and scrolls by itself, and no status badge sticks out of its tile. Screenshots of each go to test-output/screenshots/.
 * Needs `npm run build` first (the server serves dist/web).
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanFile } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/types.js';
import { INGEST_KEY, startTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, screenshot } from './browser.js';

const ADMIN = 'admin-token-for-the-layout-e2e';
const MINUTE = 60_000;
let clock = Date.now();
let t: TestApp;
let browser: Browser;

async function caroPlan(): Promise<Plan> {
  const env = { CARO_INGEST_KEY: INGEST_KEY, SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/slack', PAGERDUTY_URL: 'http://127.0.0.1:9/pd', PD_ROUTING_KEY: 'k' };
  const loaded = await loadPlanFile(new URL('../../examples/caro.yaml', import.meta.url).pathname, env);
  if (loaded.kind === 'invalid') throw new Error(loaded.errors.map(formatPlanError).join('\n'));
  return loaded.plan;
}

let serial = 0;
async function ingest(type: string, count: number, properties: (i: number) => Record<string, unknown>): Promise<void> {
  const events = Array.from({ length: count }, (_, i) => ({ id: `e${serial++}`, type, timestamp: clock - (i + 1) * 1000, user_id: `u${i % 7}`, session_id: `s${i % 5}`, properties: properties(i) }));
  expect((await t.post('/v1/events', JSON.stringify({ events }))).json).toMatchObject({ accepted: count });
}

async function adminPost(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${t.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBeLessThan(300);
  return response.json();
}

/** The elements whose right edge passes the viewport, outside any scrolling container that fits. */
const OVERFLOW = `(() => {
  const width = document.documentElement.clientWidth;
  const fits = (el) => el.getBoundingClientRect().right <= width + 0.5;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const over = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if ((box.width === 0 && box.height === 0) || fits(el)) continue;
    let scroller = el.parentElement;
    while (scroller && scroller !== document.body && getComputedStyle(scroller).overflowX === 'visible') scroller = scroller.parentElement;
    if (scroller && scroller !== document.body && fits(scroller)) continue;
    over.push(name(el) + ' right ' + Math.round(box.right) + ' "' + (el.textContent || '').trim().slice(0, 40) + '"');
  }
  return { width, scrollWidth: document.documentElement.scrollWidth, over: over.slice(0, 15) };
})()`;

/** Status badges that stick out of their tile or panel ("Errors by category", "Query categories"). */
const BADGES = `(() => {
  const out = [];
  for (const badge of document.querySelectorAll('.status')) {
    const box = badge.closest('.tile, .panel');
    if (!box) continue;
    const b = badge.getBoundingClientRect();
    const c = box.getBoundingClientRect();
    if (b.right > c.right + 0.5 || b.left < c.left - 0.5) out.push('badge "' + badge.textContent.trim() + '" of "' + (box.querySelector('h2, h3')?.textContent || '').trim() + '" passes its box by ' + Math.round(b.right - c.right) + ' px');
  }
  return out;
})()`;

/** What passes the right edge of the page, with how wide the page scrolls when it does, and badges outside their boxes. */
async function overflow(page: Page): Promise<string[]> {
  const { width, scrollWidth, over } = (await page.evaluate(OVERFLOW)) as { width: number; scrollWidth: number; over: string[] };
  const badges = (await page.evaluate(BADGES)) as string[];
  return [...(scrollWidth > width ? [`the page scrolls to ${scrollWidth} px`] : []), ...over, ...badges];
}

interface Visit {
  readonly name: string;
  readonly path: string;
  /** What shows once the page is drawn. */
  readonly ready: string;
}

const VISITS: readonly Visit[] = [
  { name: 'overview', path: '/app/#/', ready: 'article[data-metric="awu"]' },
  { name: 'metric', path: '/app/#/metrics/command_success_rate', ready: 'figure.chart .uplot' },
  { name: 'performance', path: '/app/#/performance', ready: 'figure.chart .uplot' },
  { name: 'quality', path: '/app/#/quality', ready: 'figure.chart .uplot' },
  { name: 'alerts', path: '/app/#/alerts', ready: 'tr[data-state="firing"]' },
  { name: 'incidents', path: '/app/#/incidents', ready: 'li[data-maintenance]' },
  { name: 'incident', path: '/app/#/incidents/INC-2', ready: '.timeline li' },
  { name: 'slos', path: '/app/#/slos', ready: 'section[data-slo] figure.chart .uplot' },
  { name: 'slo', path: '/app/#/slos/command_success', ready: 'section[data-slo] figure.chart .uplot' },
  { name: 'oncall', path: '/app/#/oncall', ready: 'section[data-schedule]' },
  { name: 'status', path: '/status', ready: '.components' },
];

beforeAll(async () => {
  if (!existsSync(new URL('../../dist/web/index.html', import.meta.url))) throw new Error('the dashboard is not built: run npm run build first');
  t = await startTestApp({ plan: await caroPlan(), adminToken: ADMIN, now: () => clock });
  await ingest('command_generation', 40, (i) => ({ backend: i % 2 ? 'static' : 'embedded', success: i >= 30, duration_ms: 40 + i * 20, error_category: i < 30 ? ['timeout', 'backend_unavailable', 'validation_failed'][i % 3] : undefined, query_category: ['package_management', 'system_monitoring', 'git'][i % 3] }));
  await ingest('command_execution', 3, () => ({ success: true }));
  await ingest('install_attempt', 10, (i) => ({ platform: i % 2 ? 'linux' : 'macos', arch: 'x86_64', success: i > 0 }));
  await ingest('session_end', 10, (i) => ({ crashed: i === 0, duration_s: 30 }));
  await t.app.evaluateAndRecord();
  // Past the P1 rule's `for: 5m`: an alert fires (and declares INC-1).
  clock += 6 * MINUTE;
  await t.app.evaluateAndRecord();
  await adminPost('/api/v1/incidents', { title: 'Command generation failing for a long while on every backend', severity: 'SEV2', components: { cli: 'degraded' }, by: 'ana' });
  await adminPost('/api/v1/incidents/INC-2/updates', { text: 'Rolling back the static matcher; a longer update that wraps across the width of a phone screen.', public: true, by: 'ana' });
  await adminPost('/api/v1/status/maintenance', { components: ['cli', 'install'], from: new Date(clock + 60 * MINUTE).toISOString(), to: new Date(clock + 120 * MINUTE).toISOString(), message: 'Moving the package mirror to a new host; installs may be slow.', by: 'ana' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.each([
  { width: 390, height: 844 },
  { width: 1440, height: 1000 },
])('at $width×$height', (viewport) => {
  it('every page fits the width, the sign-in screen too', async () => {
    const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Token').waitFor();
    const problems: Record<string, string[]> = {};
    const check = async (name: string): Promise<void> => {
      const over = await overflow(page);
      if (over.length > 0) problems[name] = over;
    };
    await check('login');
    await page.getByLabel('Token').fill(ADMIN);
    await page.getByLabel(/Your name/).fill('ana');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('nav[aria-label="Pages"]').waitFor();
    for (const visit of VISITS) {
      await page.goto(`${t.url}${visit.path}`);
      await page.locator(visit.ready).first().waitFor();
      // Charts and late answers (counts, sparklines) are drawn by then.
      await page.waitForTimeout(300);
      await screenshot(page, `layout-${viewport.width}-${visit.name}`);
      await check(visit.name);
    }
    expect(problems, `elements past the right edge at ${viewport.width} px`).toEqual({});
    expect(errors).toEqual([]);
    await context.close();
  });
});

/**
 * The dashboard in a real browser against the real server: the caro plan,
 * known events, the login screen, tiles and their statuses, a metric turning
 * red live, the SLO tiles and page against the SLO API, a metric whose source
 * is off and why, acknowledging an alert, a
 * viewer who cannot, the other pages, keyboard navigation with visible focus,
 * and no console error anywhere.
 * Needs `npm run build` first (the server serves dist/web).
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanFile } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/types.js';
import { formatValue } from '../../src/unit-format.js';
import { INGEST_KEY, startTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, openPage, screenshot, type WatchedPage } from './browser.js';

const ADMIN = 'admin-token-for-the-dashboard-e2e';
const VIEWER = 'viewer-token-for-the-dashboard-e2e';
const MINUTE = 60_000;
let clock = Date.now();
let t: TestApp;
let browser: Browser;
let admin: WatchedPage;
const pages: WatchedPage[] = [];

async function caroPlan(): Promise<Plan> {
  const env = { CARO_INGEST_KEY: INGEST_KEY, SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/slack', PAGERDUTY_URL: 'http://127.0.0.1:9/pd', PD_ROUTING_KEY: 'k' };
  const loaded = await loadPlanFile(new URL('../../examples/caro.yaml', import.meta.url).pathname, env);
  if (loaded.kind === 'invalid') throw new Error(loaded.errors.map(formatPlanError).join('\n'));
  return loaded.plan;
}

let serial = 0;
async function ingest(type: string, count: number, properties: (i: number) => Record<string, unknown>, user = (i: number) => `u${i % 7}`): Promise<void> {
  const events = Array.from({ length: count }, (_, i) => ({ id: `e${serial++}`, type, timestamp: clock - (i + 1) * 1000, user_id: user(i), session_id: `s${i % 5}`, properties: properties(i) }));
  expect((await t.post('/v1/events', JSON.stringify({ events }))).json).toMatchObject({ accepted: count });
}

async function api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

async function signIn(page: Page, token: string, name: string): Promise<void> {
  await page.goto(`${t.url}/app/`);
  await page.getByLabel('Token').fill(token);
  await page.getByLabel(/Your name/).fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('nav[aria-label="Pages"]').waitFor();
}

/** How many pixels of the first chart's canvas are drawn in a line's colour (saturated: not the grid, the text or the pale target band). */
async function seriesPixels(page: Page): Promise<number> {
  return page.locator('figure.chart canvas').first().evaluate((canvas) => {
    // Typed by hand: the tests are compiled without the DOM's types.
    const c = canvas as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null };
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r = 0, g = 0, b = 0, a = 0] = data.slice(i, i + 4);
      if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 100) n++;
    }
    return n;
  });
}

const tile = (page: Page, id: string) => page.locator(`article[data-metric="${id}"]`);

/** What the dashboard reads of GET /api/v1/slos. */
interface ApiSlo {
  id: string;
  title: string;
  objective: number;
  window: string;
  sli: number | null;
  good: number;
  total: number;
  status: string;
  error_budget: { total: number; consumed: number; remaining: number | null };
  alerts: { name: string; firing: boolean; windows: { factor: number; long: string; short: string }[] }[];
  groups: { group: Record<string, string>; error_budget: { remaining: number | null }; status: string }[];
}

const percent = (v: number | null): string => formatValue(v, 'percent');

beforeAll(async () => {
  if (!existsSync(new URL('../../dist/web/index.html', import.meta.url))) throw new Error('the dashboard is not built: run npm run build first');
  t = await startTestApp({ plan: await caroPlan(), adminToken: ADMIN, viewerToken: VIEWER, now: () => clock });
  // 20 static generations in the last minute, 18 successful: 90 % (green, >= 86 %).
  await ingest('command_generation', 20, (i) => ({ backend: 'static', success: i >= 2, duration_ms: 40 + i }));
  // 3 users ran a command: AWU 3 (red: the target is >= 150).
  await ingest('command_execution', 3, () => ({ success: true }), (i) => `user${i}`);
  // 10 installs, all successful: 100 % (green).
  await ingest('install_attempt', 10, () => ({ platform: 'linux', arch: 'x86_64', success: true }));
  // 5 more three hours earlier, so the installs' sparkline (one point an hour) has two points: still 100 %.
  clock -= 3 * 60 * MINUTE;
  await ingest('install_attempt', 5, () => ({ platform: 'linux', arch: 'x86_64', success: true }));
  clock += 3 * 60 * MINUTE;
  await t.app.evaluateAndRecord();
  browser = await launchChromium();
  admin = await openPage(browser);
  pages.push(admin);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the dashboard', () => {
  it('asks for a token, then shows every metric as a tile with its value and status', async () => {
    await admin.page.goto(`${t.url}/app/`);
    await admin.page.getByLabel('Token').waitFor();
    await screenshot(admin.page, 'login');
    await admin.page.getByLabel('Token').fill('not-the-token');
    await admin.page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => admin.page.getByRole('alert').textContent()).toContain('This token is not accepted');
    await signIn(admin.page, ADMIN, 'ana');
    // The refused token was answered 401, and the browser logs that answer as an error: expected here, and nowhere else.
    const refused = admin.errors.splice(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) expect(error).toMatch(/status of 401 \(Unauthorized\) \(http:\/\/127\.0\.0\.1:\d+\/api\/v1\/session\)$/);

    await tile(admin.page, 'command_success_rate').waitFor();
    const plan = await caroPlan();
    expect(await admin.page.locator('article[data-metric]').evaluateAll((tiles) => tiles.map((el) => el.getAttribute('data-metric')))).toEqual(plan.metrics.map((m) => m.id));

    const success = tile(admin.page, 'command_success_rate');
    expect(await success.locator('[data-value]').textContent()).toBe('90.0%');
    expect(await success.getAttribute('data-status')).toBe('green');
    expect(await success.locator('.tile-head .status').textContent()).toContain('On target');
    expect(await success.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    const awu = tile(admin.page, 'awu');
    expect(await awu.locator('[data-value]').textContent()).toBe('3');
    expect(await awu.getAttribute('data-status')).toBe('red');
    expect(await awu.locator('.tile-head .status').textContent()).toContain('Off target');
    expect(await awu.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('2');
    expect(await tile(admin.page, 'install_success_rate').locator('[data-value]').textContent()).toBe('100%');
    // The sparkline says its points are per hour, not the tile's 24 h value.
    await expect.poll(() => tile(admin.page, 'install_success_rate').locator('[data-spark-note]').textContent()).toBe('Trend per 1 h, not the 1d value');
    expect(await tile(admin.page, 'install_success_rate').locator('.spark-box').getAttribute('title')).toBe('per 1 h, not the 1d value');
    // A grouped metric opens to its groups.
    expect(await success.locator('.group-row').first().textContent()).toContain('static');
    await expect.poll(() => admin.page.locator('[data-live="true"]').count()).toBe(1);
    expect(await admin.page.locator('[data-evaluated]').textContent()).toMatch(/^Evaluated [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}.*\b(UTC|GMT[+-]?\d*)\.$/);
    await screenshot(admin.page, 'overview');
  });

  it('shows each SLO as a tile and on the SLO page with the figures the API gives', async () => {
    const slos = ((await api('GET', '/api/v1/slos', ADMIN)).json as { slos: ApiSlo[] }).slos;
    expect(slos.map((s) => s.id)).toEqual((await caroPlan()).slos.map((s) => s.id));
    const success = slos.find((s) => s.id === 'command_success');
    // By hand: 18 good generations of 20 against 86 %: 2 bad of the 2.8 allowed, 28.6 % of the budget left (green).
    expect(success).toMatchObject({ good: 18, total: 20, status: 'green', error_budget: { consumed: 2 } });
    expect(success?.error_budget.remaining).toBeCloseTo(1 - 2 / 2.8, 10);
    if (!success) throw new Error('no command_success SLO');
    for (const slo of slos) {
      const box = admin.page.locator(`article[data-slo="${slo.id}"]`);
      await expect.poll(() => box.locator('[data-remaining]').textContent()).toBe(percent(slo.error_budget.remaining));
      expect(await box.getAttribute('data-status')).toBe(slo.status);
    }
    expect(await admin.page.locator('article[data-slo="command_success"] [data-remaining]').textContent()).toBe('28.6%');
    await admin.page.locator('article[data-slo="command_success"]').getByRole('link', { name: success.title }).click();
    await admin.page.getByRole('heading', { name: success.title, level: 1 }).waitFor();
    const panel = admin.page.locator('section[data-slo="command_success"]');
    expect(await panel.locator('[data-objective]').textContent()).toBe(`${percent(success.objective)} over ${success.window}`);
    expect(await panel.locator('[data-sli]').textContent()).toBe(percent(success.sli));
    expect(await panel.locator('dd[data-remaining]').textContent()).toBe(percent(success.error_budget.remaining));
    expect(await panel.locator('[data-consumed]').textContent()).toBe(`${success.error_budget.consumed} of ${formatValue(success.error_budget.total, 'count')} allowed`);
    expect(await panel.locator('h2 .status').getAttribute('data-status')).toBe(success.status);
    expect(await panel.locator('h2 .status').textContent()).toContain('Budget healthy');
    // Its group (by backend), as the API gives it.
    const group = success.groups.find((g) => g.group.backend === 'static');
    expect(await panel.locator('tr[data-group="static"] [data-remaining]').textContent()).toBe(percent(group?.error_budget.remaining ?? null));
    // The burn-down: the series' points with a remaining budget are drawn.
    const series = (await api('GET', '/api/v1/slos/command_success/series', ADMIN)).json as { points: { remaining: number | null }[] };
    const drawn = series.points.filter((p) => p.remaining !== null).length;
    expect(drawn).toBeGreaterThan(0);
    await expect.poll(() => panel.locator('[data-chart="budget"] .uplot').getAttribute('data-points')).toBe(String(drawn));
    // The burn rates with the ticket alert's factors drawn across them (the workbook's 3× and 1×, scaled to the 28 d window).
    const pairs = success.alerts.flatMap((a) => a.windows);
    expect(pairs.map((w) => w.factor)).toEqual([2.8, 0.933333333333]);
    await expect.poll(() => panel.locator('[data-chart="burn"] .uplot').getAttribute('data-guides')).toBe(pairs.map((w) => w.factor).join('|'));
    expect(await panel.locator('[data-chart="burn"] .legend').textContent()).toContain(`ticket 2.8× (${pairs[0]?.long} and ${pairs[0]?.short})`);
    const alert = panel.locator('li[data-alert="command_success_ticket"]');
    expect(await alert.getAttribute('data-firing')).toBe(String(success.alerts[0]?.firing));
    expect(await alert.locator('[data-pair]').count()).toBe(2);
    await screenshot(admin.page, 'slo');
    // The list of all SLOs: one panel each; an incident SLO without incidents has no data yet.
    await admin.page.getByRole('link', { name: 'SLOs', exact: true }).first().click();
    await admin.page.getByRole('heading', { name: 'SLOs', level: 1 }).waitFor();
    expect(await admin.page.locator('section[data-slo]').evaluateAll((els) => els.map((el) => el.getAttribute('data-slo')))).toEqual(slos.map((s) => s.id));
    const p1 = slos.find((s) => s.id === 'p1_response');
    expect(await admin.page.locator('section[data-slo="p1_response"] h2 .status').getAttribute('data-status')).toBe(p1?.status);
    await admin.page.getByRole('link', { name: 'Overview' }).click();
    await tile(admin.page, 'awu').waitFor();
  });

  it('turns a tile red without a reload when bad events arrive, and shows the alert firing on top', async () => {
    await admin.page.evaluate('window.__notReloaded = true');
    // 30 failures: 18 of 50 successful, 36 % (red, and under the P1 line of 80 %).
    await ingest('command_generation', 30, () => ({ backend: 'static', success: false, duration_ms: 900 }));
    await t.app.evaluateAndRecord();
    const success = tile(admin.page, 'command_success_rate');
    await expect.poll(() => success.getAttribute('data-status')).toBe('red');
    expect(await success.locator('[data-value]').textContent()).toBe('36.0%');
    expect(await success.locator('.tile-head .status').textContent()).toContain('Off target');
    // Past the rule's `for: 5m`, the alert fires.
    clock += 6 * MINUTE;
    await t.app.evaluateAndRecord();
    await expect.poll(() => admin.page.locator('[data-count="P1"] strong').textContent()).toBe('1');
    expect(await admin.page.evaluate('window.__notReloaded')).toBe(true);
    await screenshot(admin.page, 'overview-red');
  });

  it('acknowledges an alert from the alerts page, as the API then shows', async () => {
    await admin.page.getByRole('link', { name: 'Alerts' }).click();
    const row = admin.page.locator('tr[data-state="firing"]').filter({ hasText: 'command_success_rate_drop' });
    await row.waitFor();
    expect(await row.locator('a', { hasText: 'runbook' }).getAttribute('href')).toBe('https://example.com/caro/playbooks#success-rate-regression');
    // The value in the metric's unit, as the summary beside it writes it (18 of 50: 36 %).
    expect(await row.locator('[data-value]').textContent()).toBe('36.0%');
    await screenshot(admin.page, 'alerts');
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => admin.page.getByRole('status').filter({ hasText: 'Acknowledged' }).count()).toBe(1);
    const fingerprint = await row.getAttribute('data-alert');
    const { json } = await api('GET', '/api/v1/alerts?state=firing', ADMIN);
    const alert = (json as { alerts: { fingerprint: string; acknowledged_by: string | null }[] }).alerts.find((a) => a.fingerprint === fingerprint);
    expect(alert?.acknowledged_by).toBe('ana');
    expect(await row.locator('[data-acknowledged]').textContent()).toBe('acknowledged by ana');
  });

  it('silences an alert for a chosen duration', async () => {
    const row = admin.page.locator('tr[data-state="firing"]').filter({ hasText: 'command_success_rate_drop' });
    await row.getByLabel(/Silence .* for/).selectOption({ label: '4 hours' });
    const before = Date.now();
    await row.getByRole('button', { name: 'Silence' }).click();
    await expect.poll(() => admin.page.getByRole('status').filter({ hasText: 'Silenced' }).count()).toBe(1);
    const after = Date.now();
    const { json } = await api('GET', '/api/v2/silences', ADMIN);
    const silences = json as { createdBy: string; startsAt: string; endsAt: string; matchers: { name: string; value: string }[] }[];
    expect(silences).toHaveLength(1);
    expect(silences[0]?.createdBy).toBe('ana');
    // It ends four hours after the click, by the browser's clock.
    const ends = Date.parse(silences[0]?.endsAt ?? '');
    expect(ends).toBeGreaterThanOrEqual(before + 4 * 3_600_000);
    expect(ends).toBeLessThanOrEqual(after + 4 * 3_600_000);
    expect(silences[0]?.matchers).toContainEqual(expect.objectContaining({ name: 'alertname', value: 'command_success_rate_drop' }));
  });

  it("counts the silenced alert apart from the firing ones on the overview", async () => {
    await admin.page.getByRole('link', { name: 'Overview' }).click();
    await expect.poll(() => admin.page.locator('[data-count="P1"]').textContent()).toBe('0 P1 firing (1 silenced)');
    expect(await admin.page.locator('.firing li').first().textContent()).toContain('silenced');
  });

  it('shows why a metric whose source is off has no value, on its tile and its page', async () => {
    // The plan's GitHub source has no token here: its metrics are unknown, with the reason.
    const bugs = tile(admin.page, 'p0_bugs');
    expect(await bugs.getAttribute('data-status')).toBe('unknown');
    expect(await bugs.locator('.tile-head .status').textContent()).toContain('Unavailable');
    expect(await bugs.locator('[data-unavailable]').textContent()).toBe('GitHub source disabled: no token');
    await bugs.getByRole('link', { name: 'Open P0 bugs' }).click();
    await admin.page.getByRole('heading', { name: 'Open P0 bugs', level: 1 }).waitFor();
    expect(await admin.page.locator('.detail-now [data-unavailable]').textContent()).toBe('GitHub source disabled: no token');
    // Its series is not asked for (it has no value anywhere): no chart, and no failed request in the console.
    expect(await admin.page.locator('[data-no-chart]').textContent()).toBe('No chart while its source is unavailable.');
    expect(await admin.page.locator('figure.chart').count()).toBe(0);
    await admin.page.getByRole('link', { name: '← Overview' }).click();
    await tile(admin.page, 'p0_bugs').waitFor();
  });

  it('lets a viewer look but not acknowledge', async () => {
    const viewer = await openPage(browser);
    pages.push(viewer);
    await signIn(viewer.page, VIEWER, 'eve');
    expect(await viewer.page.locator('.who').textContent()).toBe('viewer (read-only)');
    await viewer.page.getByRole('link', { name: 'Alerts' }).click();
    const row = viewer.page.locator('tr[data-state="firing"]').first();
    await row.waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    expect(await row.textContent()).toContain('read-only');
    await screenshot(viewer.page, 'alerts-viewer');
    const fingerprint = await row.getAttribute('data-alert');
    const refused = await api('POST', `/api/v1/alerts/${fingerprint}/ack`, VIEWER, { by: 'eve' });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { code: 'forbidden' } });
    await viewer.context.close();
  });

  it('shows a metric with its range picker and the releases as markers, and the performance and quality pages', async () => {
    // A release two hours ago, marked through the API as a deploy script would.
    const release = await api('POST', '/api/v1/releases', ADMIN, { version: '1.4.0-e2e', at: new Date(clock - 2 * 60 * MINUTE).toISOString(), notes: 'static matcher cache' });
    expect(release.status).toBe(201);
    await admin.page.goto(`${t.url}/app/#/metrics/command_success_rate`);
    await admin.page.locator('figure.chart canvas').first().waitFor();
    // Drawn on the chart (the plugin records the labels it drew inside the plot) and listed in text below it.
    await expect.poll(() => admin.page.locator('figure.chart .uplot').first().getAttribute('data-markers')).toBe('1.4.0-e2e');
    expect(await admin.page.locator('figure.chart .markers').first().textContent()).toContain('1.4.0-e2e');
    // Every event is in the last minute: the 24 h chart has values only at its end, and still draws them.
    const chart = admin.page.locator('figure.chart').first();
    expect(Number(await chart.locator('.uplot').getAttribute('data-points'))).toBeGreaterThan(0);
    expect(await seriesPixels(admin.page)).toBeGreaterThan(10);
    expect(await chart.locator('.legend').textContent()).toContain('target >= 86%');
    expect(await chart.textContent()).not.toMatch(/Time|--/);
    expect(await chart.locator('.chart-note').first().textContent()).toContain('the 1d window ending there');
    const ticks = (await chart.locator('.uplot').getAttribute('data-y-ticks'))?.split('|') ?? [];
    expect(ticks.length).toBeGreaterThan(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    await admin.page.getByRole('button', { name: '7d' }).click();
    await expect.poll(() => admin.page.evaluate('location.hash')).toBe('#/metrics/command_success_rate?range=7d');
    await admin.page.locator('figure.chart canvas').first().waitFor();
    expect(await admin.page.locator('table.groups-table tbody tr').count()).toBe(1);
    await screenshot(admin.page, 'metric');
    await admin.page.getByRole('link', { name: 'Performance' }).click();
    await admin.page.getByRole('heading', { name: 'Latency quantiles' }).waitFor();
    await admin.page.locator('figure.chart canvas').first().waitFor();
    // Per-group targets on a per-group chart: the metric has none of its own, the static backend's line (the only one with data here) is drawn against its own.
    const p95 = admin.page.locator('section.panel', { has: admin.page.getByRole('heading', { name: /Generation latency p95/ }) }).locator('figure.chart');
    await expect.poll(() => p95.locator('.uplot').getAttribute('data-targets')).toBe('band');
    expect(await p95.locator('.legend').textContent()).toBe('statictarget < 100');
    expect(await admin.page.locator('.bars li').filter({ hasText: 'static' }).first().textContent()).toContain('100%');
    await screenshot(admin.page, 'performance');
    await admin.page.getByRole('link', { name: 'Quality' }).click();
    await admin.page.locator('section.panel').first().waitFor();
    expect(await admin.page.locator('section.panel h2').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Command success rate')]));
    await screenshot(admin.page, 'quality');
  });

  it('shows an incident with its timeline, and posts an update and a status change', async () => {
    const declared = await api('POST', '/api/v1/incidents', ADMIN, { title: 'Command generation failing', severity: 'SEV2', components: { cli: 'degraded' }, by: 'ana' });
    expect(declared.status).toBe(201);
    // The P1 alert above declared INC-1 by itself; this one comes next.
    const id = (declared.json as { incident: { id: string } }).incident.id;
    expect(id).toBe('INC-2');
    await admin.page.getByRole('link', { name: 'Incidents' }).click();
    await admin.page.locator('tr[data-incident="INC-1"]').waitFor();
    await screenshot(admin.page, 'incidents');
    await admin.page.getByRole('link', { name: id }).click();
    await admin.page.getByRole('heading', { name: `${id}: Command generation failing` }).waitFor();
    await admin.page.getByLabel('Update').fill('Rolling back the static matcher');
    await admin.page.getByLabel(/public/).check();
    await admin.page.getByRole('button', { name: 'Post update' }).click();
    await admin.page.locator('.timeline li', { hasText: 'Rolling back the static matcher' }).waitFor();
    await admin.page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('monitoring');
    await admin.page.getByRole('button', { name: 'Change status' }).click();
    await expect.poll(() => admin.page.locator('[data-incident-status]').textContent()).toBe('monitoring');
    // Page now: the schedule's on-call is paged into the incident, and the timeline says so.
    await admin.page.getByRole('combobox', { name: 'Page now' }).selectOption('schedule');
    await admin.page.getByLabel('Whom to page').fill('secondary');
    await admin.page.getByRole('button', { name: 'Page', exact: true }).click();
    await admin.page.locator('.timeline li', { hasText: 'paged schedule secondary' }).waitFor();
    const { json } = await api('GET', `/api/v1/incidents/${id}`, ADMIN);
    const detail = json as { incident: { status: string }; timeline: { kind: string; text: string; by: string; public: boolean }[] };
    expect(detail.incident.status).toBe('monitoring');
    expect(detail.timeline).toContainEqual(expect.objectContaining({ kind: 'public_update', text: 'Rolling back the static matcher', by: 'ana', public: true }));
    await screenshot(admin.page, 'incident');
  });

  it('can be used with the keyboard alone, with a visible focus on every control', async () => {
    await admin.page.goto(`${t.url}/app/#/`);
    await admin.page.reload();
    await tile(admin.page, 'awu').waitFor();
    const seen: string[] = [];
    for (let i = 0; i < 14; i++) {
      await admin.page.keyboard.press('Tab');
      const focus = (await admin.page.evaluate(`(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return { tag: el.tagName, text: (el.textContent || '').trim().slice(0, 30), outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      })()`)) as { tag: string; text: string; outline: string; width: number } | null;
      expect(focus, `Tab ${i + 1} reaches a control`).not.toBeNull();
      expect(focus?.outline, `${focus?.tag} "${focus?.text}" shows its focus`).not.toBe('none');
      expect(focus?.width).toBeGreaterThanOrEqual(2);
      seen.push(focus?.text ?? '');
    }
    expect(seen[0]).toBe('Skip to content');
    expect(seen).toEqual(expect.arrayContaining(['Overview', 'Alerts', 'Incidents', 'Active weekly users']));
    // Enter follows a link: Tab to "Alerts" from the top and open it.
    await admin.page.reload();
    await tile(admin.page, 'awu').waitFor();
    for (let i = 0; i < 10; i++) {
      await admin.page.keyboard.press('Tab');
      if ((await admin.page.evaluate('document.activeElement && document.activeElement.textContent')) === 'Alerts') break;
    }
    await admin.page.keyboard.press('Enter');
    await admin.page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
  });

  it('logged no console error on any page', () => {
    expect(pages.flatMap((p) => p.errors)).toEqual([]);
  });
});

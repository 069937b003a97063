/**
 * The dashboard's on-call page, scheduled maintenance form and incident roles
 * in a real browser against the real server (a fixed server clock, a
 * Wednesday noon UTC): who is on call now per schedule and layer, an override
 * added in the page changing who is on call and deleting it restoring them;
 * scheduling and cancelling maintenance; assigning a role on an incident.
 * Needs `npx vite build` first (the server serves dist/web).
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { planFrom } from '../helpers/plan.js';
import { launchChromium, openPage, screenshot, type WatchedPage } from './browser.js';

const ADMIN = 'admin-token-for-the-forms-e2e';
/** Wednesday 2026-12-09 12:00 UTC: inside the day layer's weekday 09:00–18:00. */
const NOW = Date.parse('2026-12-09T12:00:00Z');
let t: TestApp;
let browser: Browser;
let admin: WatchedPage;

const plan = planFrom(`
version: 1
product: { name: formsprod }
events:
  gen: { success: boolean }
channels:
  hook: { type: webhook, url: "http://127.0.0.1:9/hook" }
people:
  ana: { channels: [hook] }
  ben: { channels: [hook] }
  cem: { channels: [hook] }
schedules:
  support:
    timezone: UTC
    layers:
      - { name: nights, every: 1w, people: [cem], start: 2026-12-07 }
      - name: days
        every: 1w
        people: [ana]
        start: 2026-12-07
        restrict: [{ weekdays: [mon-fri], times: [{ start: "09:00", end: "18:00" }] }]
  secondary:
    rotation: { every: 1w, people: [ben], start: 2026-12-07, timezone: UTC }
components:
  api: API
  web: Website
incidents:
  roles: [commander, communications, scribe]
`);

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${t.url}/app/`);
  await page.getByLabel('Token').fill(ADMIN);
  await page.getByLabel(/Your name/).fill('ana');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('nav[aria-label="Pages"]').waitFor();
}

const nowText = (page: Page, schedule: string) => page.locator(`section[data-schedule="${schedule}"] p strong`).first().textContent();

beforeAll(async () => {
  if (!existsSync(new URL('../../dist/web/index.html', import.meta.url))) throw new Error('the dashboard is not built: run npx vite build first');
  t = await startTestApp({ plan, adminToken: ADMIN, now: () => NOW });
  browser = await launchChromium();
  admin = await openPage(browser);
  await signIn(admin.page);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the dashboard forms', () => {
  it('shows who is on call per schedule and layer; an override added in the page takes over, deleting it restores', async () => {
    const { page } = admin;
    await page.goto(`${t.url}/app/#/oncall`);
    await expect.poll(() => nowText(page, 'support')).toBe('ana (days)');
    expect(await nowText(page, 'secondary')).toBe('ben');

    const form = page.getByRole('form', { name: 'Add an override' });
    await form.getByLabel('Schedule').selectOption('support');
    await form.getByLabel('Person').fill('cem');
    await form.getByLabel('From').fill('2026-12-09T11:00Z');
    await form.getByLabel('To').fill('2026-12-09T13:00Z');
    await form.getByRole('button', { name: 'Add override' }).click();
    await expect.poll(() => nowText(page, 'support')).toBe('cem · override');
    expect(await nowText(page, 'secondary')).toBe('ben');
    const listed = page.locator('li[data-override]');
    expect(await listed.count()).toBe(1);
    await screenshot(page, 'oncall-override');

    await listed.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => nowText(page, 'support')).toBe('ana (days)');
    expect(await page.locator('li[data-override]').count()).toBe(0);
    expect(((await api('GET', '/api/v1/oncall/overrides')).json as { overrides: unknown[] }).overrides).toEqual([]);
  });

  it('schedules maintenance from the incidents page and cancels it', async () => {
    const { page } = admin;
    await page.goto(`${t.url}/app/#/incidents`);
    const form = page.getByRole('form', { name: 'Schedule maintenance' });
    await form.getByLabel('Components').fill('api, web');
    await form.getByLabel('From').fill('2026-12-10T02:00:00Z');
    await form.getByLabel('To').fill('2026-12-10T03:00:00Z');
    await form.getByLabel('Message').fill('Database upgrade');
    await form.getByRole('button', { name: 'Schedule maintenance' }).click();
    const item = page.locator('li[data-maintenance]');
    await item.first().waitFor();
    expect(await item.textContent()).toContain('api, web');
    expect(await item.textContent()).toContain('Database upgrade');
    const stored = (await api('GET', '/api/v1/status/maintenance')).json as { maintenance: { id: string; components: string[]; from: string; to: string; message: string }[] };
    expect(stored.maintenance).toEqual([expect.objectContaining({ components: ['api', 'web'], from: '2026-12-10T02:00:00.000Z', to: '2026-12-10T03:00:00.000Z', message: 'Database upgrade' })]);

    // An unknown component is refused with the field named, and nothing is scheduled.
    await form.getByLabel('Components').fill('db');
    await form.getByLabel('From').fill('2026-12-10T02:00:00Z');
    await form.getByLabel('To').fill('2026-12-10T03:00:00Z');
    await form.getByLabel('Message').fill('Other');
    await form.getByRole('button', { name: 'Schedule maintenance' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('body components: no component "db"');
    expect(await item.count()).toBe(1);
    // The refused request was answered 400, which the browser logs as an error: expected here only.
    admin.errors.splice(0).forEach((error) => expect(error).toMatch(/status of 400/));

    await item.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('No maintenance scheduled.').waitFor();
    expect(((await api('GET', '/api/v1/status/maintenance')).json as { maintenance: unknown[] }).maintenance).toEqual([]);
  });

  it('assigns an incident role in the incident page, shown with its timeline entry', async () => {
    const { page } = admin;
    const declared = (await api('POST', '/api/v1/incidents', { title: 'Checkout failing', severity: 'SEV2', commander: 'ana', by: 'ana' })).json as { incident: { id: string } };
    await page.goto(`${t.url}/app/#/incidents/${declared.incident.id}`);
    const roles = page.getByRole('region', { name: 'Roles' });
    await roles.locator('li[data-role="scribe"]').waitFor();
    expect(await roles.locator('li[data-role="commander"]').textContent()).toBe('commander: ana');
    expect(await roles.locator('li[data-role="scribe"]').textContent()).toBe('scribe: unassigned');

    const form = page.getByRole('form', { name: 'Assign a role' });
    await form.getByLabel('Role').selectOption('scribe');
    await form.getByLabel('Person').fill('cem');
    await form.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => roles.locator('li[data-role="scribe"]').textContent()).toBe('scribe: cem');
    await expect.poll(() => page.locator('.timeline li').last().textContent()).toContain('scribe: none → cem');
    await screenshot(page, 'incident-roles');
    const detail = (await api('GET', `/api/v1/incidents/${declared.incident.id}`)).json as { incident: { roles: Record<string, string | null> } };
    expect(detail.incident.roles).toEqual({ commander: 'ana', communications: null, scribe: 'cem' });
  });

  it('logged no console error', () => {
    expect(admin.errors).toEqual([]);
  });
});

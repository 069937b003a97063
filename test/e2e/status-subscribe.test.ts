/**
 * The status page's e-mail subscription in a real browser against the real
 * server and a real SMTP server on loopback: subscribe with a component
 * chosen, take the confirmation link from the mail, confirm, receive the
 * incident's public update, unsubscribe with the link of that mail, and
 * receive nothing more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Browser } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLaunchwatch, type Launchwatch } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { planFrom } from '../helpers/plan.js';
import { launchChromium, openPage, screenshot } from './browser.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-subscribe-'));
const mails: ParsedMail[] = [];
let smtp: SMTPServer;
let app: Launchwatch;
let url = '';
let browser: Browser;

async function post(path: string, body: unknown): Promise<{ incident?: { id: string } }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as { incident?: { id: string } };
}

async function delivered(): Promise<void> {
  await app.talk.runDue();
  await expect.poll(async () => (await app.stores.state.notifications({ status: 'pending' })).length, { timeout: 20_000 }).toBe(0);
}

const linkIn = (mail: ParsedMail | undefined, label: string): string => {
  const found = new RegExp(`${label}: (\\S+)`).exec(mail?.text ?? '')?.[1];
  if (found === undefined) throw new Error(`no ${label} link in ${mail?.text ?? 'no mail'}`);
  return found;
};

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          mails.push(mail);
          callback();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  const plan = planFrom(`
version: 1
product: { name: subprod }
events:
  gen: { success: boolean }
channels:
  status_mail: { type: email, to: [nobody@example.com], from: status@example.com, smtp: { host: 127.0.0.1, port: ${port} } }
components:
  api: API
  web: Website
status_page:
  subscribers: { email: status_mail }
`);
  app = await createLaunchwatch({ plan, dataDir: dir, port: 0, logger: createLogger('silent'), memoryLimit: '512MB' });
  url = await app.start();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('status page subscription', () => {
  it('subscribes, confirms from the mail, receives an update, unsubscribes', async () => {
    const { page, errors } = await openPage(browser);
    // The public status page links to the subscription page, since the plan takes subscribers.
    await page.goto(`${url}/status`);
    await page.getByRole('link', { name: 'e-mail or webhook' }).click();
    await page.waitForURL(`${url}/status/subscribe`);
    await page.getByLabel('E-mail').fill('Reader@Example.com');
    await page.getByLabel('API').check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('heading', { name: 'Almost there' }).waitFor();

    await expect.poll(() => mails.length, { timeout: 20_000 }).toBe(1);
    expect(mails[0]?.to && 'text' in mails[0].to ? mails[0].to.text : '').toBe('reader@example.com');
    await page.goto(linkIn(mails[0], 'Confirm'));
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    await page.getByRole('heading', { name: 'Subscribed' }).waitFor();
    await screenshot(page, 'status-subscribed');

    // An incident on a component the reader did not choose says nothing to them; one on API does.
    const other = await post('/api/v1/incidents', { title: 'Website slow', severity: 'SEV3', components: { web: 'degraded' } });
    const declared = await post('/api/v1/incidents', { title: 'API errors', severity: 'SEV2', components: { api: 'partial_outage' } });
    const id = declared.incident?.id ?? '';
    await post(`/api/v1/incidents/${id}/updates`, { text: 'We are rolling back a deploy.', public: true });
    await delivered();
    expect(mails.map((m) => m.subject)).toEqual(['Confirm your subscription to subprod status', '[subprod status] API errors', '[subprod status] API errors']);
    expect(mails[2]?.text).toContain('We are rolling back a deploy.');
    expect(other.incident?.id).toBeDefined();

    await page.goto(linkIn(mails[2], 'Unsubscribe'));
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'Unsubscribed' }).waitFor();
    expect(await app.stores.talk.subscribers({})).toEqual([]);

    await post(`/api/v1/incidents/${id}/resolve`, { text: 'Fixed.' });
    await delivered();
    expect(mails).toHaveLength(3);
    expect(errors).toEqual([]);
  }, 90_000);
});

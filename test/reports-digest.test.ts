/**
 * The weekly digest end to end on a fake clock: the real app (scheduler and
 * outbox worker on) sends the report on Monday 09:00 Lisbon time to a real
 * SMTP server on loopback (HTML and text bodies, parsed by mailparser) and
 * its summary to a webhook receiver; a slot missed while the server was down
 * is sent once when it comes back, and never again after another restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLaunchwatch, type Launchwatch } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { planFrom } from './helpers/plan.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';

const INGEST_KEY = 'test-ingest-key-0123456789';

let clock = Date.parse('2026-11-16T10:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'lw-digest-'));
const mails: ParsedMail[] = [];
const waiting: (() => void)[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
let hook: Receiver;

/** Resolves once `count` mails have arrived (woken by the SMTP server, no polling). */
function mailCount(count: number): Promise<ParsedMail[]> {
  return new Promise((resolve) => {
    const check = (): void => (mails.length >= count ? resolve(mails.slice(0, count)) : void waiting.push(check));
    check();
  });
}

function plan() {
  return planFrom(`
version: 1
product: { name: digestprod }
ingest: { keys: [ { name: cli, key: ${INGEST_KEY} } ] }
events:
  gen: { success: boolean }
metrics:
  success_rate: { title: Success rate, from: gen, ratio: { success: true }, window: 24h, target: { green: ">= 80%" } }
channels:
  mail: { type: email, to: [team@example.com], from: launchwatch@example.com, smtp: { host: 127.0.0.1, port: ${smtpPort} }, send_resolved: false }
  hook: { type: webhook, url: "${hook.url}/digest" }
reports:
  weekly: { cron: "0 9 * * MON", timezone: Europe/Lisbon, channels: [mail, hook] }
`);
}

async function startApp(): Promise<{ app: Launchwatch; url: string }> {
  const app = await createLaunchwatch({ plan: plan(), dataDir: dir, port: 0, logger: createLogger('silent'), memoryLimit: '512MB', now: () => clock, externalUrl: 'https://lw.example.com' });
  return { app, url: await app.start() };
}

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          mails.push(mail);
          for (const wake of waiting.splice(0)) wake();
          callback();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  hook = await startReceiver();
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await hook.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the weekly digest', () => {
  it('is sent at the slot, once; a slot missed while down is sent once on restart', async () => {
    // Monday Nov 16, 10:00 UTC (after that day's slot): the digest starts counting, sends nothing for earlier slots.
    const started = await startApp();
    let app = started.app;
    const url = started.url;
    expect(await app.digests.runDue()).toBe(0);
    expect((await app.stores.digests.digestRuns('weekly')).map((r) => r.kind)).toEqual(['initialised']);

    // Events of 2026-W47, sent on Sunday the 22nd: 9 of 10 succeed.
    clock = Date.parse('2026-11-22T20:00:00Z');
    const events = [...Array(10).keys()].map((i) => ({ type: 'gen', timestamp: Date.parse('2026-11-20T10:00:00Z') + i * 60_000, properties: { success: i > 0 } }));
    const posted = await fetch(`${url}/v1/events`, { method: 'POST', body: JSON.stringify({ events }), headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` } });
    expect(posted.status).toBe(200);
    expect(await app.digests.runDue()).toBe(0);

    // Monday Nov 23, 09:00 in Lisbon (WET = UTC in November): the W47 report goes out.
    clock = Date.parse('2026-11-23T09:00:10Z');
    expect(await app.digests.runDue()).toBe(2);
    const [mail] = await mailCount(1);
    expect(mail?.subject).toBe('digestprod — Week 2026-W47 post-launch metrics (Nov 16–22, 2026)');
    expect(mail?.html).toMatch(/^<!doctype html>/);
    expect(mail?.html).toContain('<svg ');
    expect(mail?.text).toContain('| Success rate | >= 80% | 90.0% | 🟢 green | – |');
    const [webhook] = await hook.waitFor(1);
    expect(webhook?.body).toMatchObject({
      version: '4',
      status: 'resolved',
      alerts: [],
      groupLabels: { report: 'weekly', period: '2026-W47' },
      report: {
        subject: 'digestprod — Week 2026-W47 post-launch metrics (Nov 16–22, 2026)',
        summary: expect.stringContaining('• Success rate: 90.0% 🟢'),
        url: 'https://lw.example.com/api/v1/reports/weekly?week=2026-W47&format=html',
      },
    });
    // Checked again at once: nothing more.
    expect(await app.digests.runDue()).toBe(0);

    // The server is down over Monday Nov 30, 09:00; it comes back at 10:30 and sends W48, once.
    await app.stop();
    clock = Date.parse('2026-11-30T10:30:00Z');
    ({ app } = await startApp());
    const [, second] = await mailCount(2);
    expect(second?.subject).toBe('digestprod — Week 2026-W48 post-launch metrics (Nov 23–29, 2026)');
    expect(await app.digests.runDue()).toBe(0);
    await hook.waitFor(2);

    // Another restart the same morning sends nothing.
    await app.stop();
    ({ app } = await startApp());
    expect(await app.digests.runDue()).toBe(0);
    const runs = await app.stores.digests.digestRuns('weekly');
    expect(runs.map((r) => [r.kind, r.period, new Date(r.slot).toISOString()])).toEqual([
      ['sent', '2026-W48', '2026-11-30T09:00:00.000Z'],
      ['sent', '2026-W47', '2026-11-23T09:00:00.000Z'],
      ['initialised', null, '2026-11-16T10:00:00.000Z'],
    ]);
    const digests = (await app.stores.state.notifications({})).filter((n) => n.kind === 'digest');
    // One notification per channel per week, all delivered (the outbox orders same-moment rows by id).
    expect(digests.map((n) => `${n.groupLabels.period} ${n.channel} ${n.delivery}`).sort()).toEqual(['2026-W47 hook sent', '2026-W47 mail sent', '2026-W48 hook sent', '2026-W48 mail sent']);
    expect(mails).toHaveLength(2);
    await app.stop();
  });
});

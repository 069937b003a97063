/**
 * Incidents that talk, on a fake clock, with the real app (scheduler and
 * outbox worker on): announcements of the declaration, a severity change, a
 * status update and the resolution go to a Slack stand-in (with the
 * commander's mention), a webhook receiver and a real SMTP server, once per
 * event and channel; stakeholder updates follow the cadence while the
 * incident is open, catch up with one update (no burst) after the server was
 * down, and stop once it is resolved; a restart re-sends nothing.
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

const H = 3_600_000;
const T0 = Date.parse('2026-12-07T10:00:00Z');
let clock = T0;
const dir = mkdtempSync(join(tmpdir(), 'lw-talk-'));
const mails: ParsedMail[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
let slack: Receiver;
let hook: Receiver;
let stakeholderHook: Receiver;

function plan() {
  return planFrom(`
version: 1
product: { name: talkprod }
events:
  gen: { success: boolean }
channels:
  incidents_slack: { type: slack, webhook_url: "${slack.url}/services/T000/B000/XXX" }
  incidents_hook: { type: webhook, url: "${hook.url}/announce" }
  incidents_mail: { type: email, to: [team@example.com], from: launchwatch@example.com, smtp: { host: 127.0.0.1, port: ${smtpPort} } }
  leadership: { type: webhook, url: "${stakeholderHook.url}/stakeholders" }
people:
  ana: { name: Ana Silva, slack: "@ana", slack_id: U0ANA1234 }
  bo: { name: Bo Chen }
components:
  api: API
incidents:
  announce: { channels: [incidents_slack, incidents_hook, incidents_mail], on: [declared, severity_changed, status_update, resolved] }
  stakeholders: { channels: [leadership], every: 1h, severities: [SEV1, SEV2] }
`);
}

async function startApp(): Promise<{ app: Launchwatch; url: string }> {
  const app = await createLaunchwatch({ plan: plan(), dataDir: dir, port: 0, logger: createLogger('silent'), memoryLimit: '512MB', now: () => clock, externalUrl: 'https://lw.example.com' });
  return { app, url: await app.start() };
}

async function post(url: string, path: string, body: unknown): Promise<{ status: number; json: { incident?: { id: string } } }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as { incident?: { id: string } } };
}

/**
 * A pass (the runner's own, in the background, may have run it already: either way what is owed at the
 * clock's time is written once), then the worker's delivery of it.
 */
async function settle(app: Launchwatch): Promise<void> {
  await app.talk.runDue();
  await delivered(app);
}

/** Waits until the outbox has nothing pending (the worker delivered what the pass wrote). */
async function delivered(app: Launchwatch): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await app.stores.state.notifications({ status: 'pending' })).length === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('notifications still pending');
}

const slackTexts = (): string[] => slack.received.map((r) => JSON.stringify(r.body));
const stakeholderSubjects = (): string[] => stakeholderHook.received.map((r) => (r.body as { report: { subject: string } }).report.subject);

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
  smtpPort = (smtp.server.address() as AddressInfo).port;
  [slack, hook, stakeholderHook] = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await Promise.all([slack.close(), hook.close(), stakeholderHook.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('incident announcements and stakeholder updates', () => {
  it('announce each event once per channel, and keep the stakeholder cadence across a restart', async () => {
    let { app, url } = await startApp();
    const declared = await post(url, '/api/v1/incidents', { title: 'Checkout errors', severity: 'SEV2', commander: 'ana', components: { api: 'partial_outage' }, by: 'bo' });
    expect(declared.status).toBe(201);
    const id = declared.json.incident?.id ?? '';
    await settle(app);
    expect(slack.received).toHaveLength(1);
    // Slack mentions the commander by member id; the others read the name.
    expect(slackTexts()[0]).toContain('<@U0ANA1234>');
    expect(slackTexts()[0]).toContain(`${id} declared: Checkout errors`);
    expect(hook.received).toHaveLength(1);
    expect((hook.received[0]?.body as { groupLabels: Record<string, string> }).groupLabels).toEqual({ incident: id, event: 'declared' });
    await expect.poll(() => mails.length).toBe(1);
    expect(mails[0]?.subject).toBe(`[SEV2] ${id} declared: Checkout errors`);
    expect(mails[0]?.text).toContain('Commander: Ana Silva');

    // A pass with nothing new writes nothing.
    await settle(app);
    expect(slack.received).toHaveLength(1);

    clock = T0 + 10 * 60_000;
    await post(url, `/api/v1/incidents/${id}/updates`, { severity: 'SEV1', by: 'ana' });
    clock = T0 + 20 * 60_000;
    // One update with a public text and a status change is one status update.
    await post(url, `/api/v1/incidents/${id}/updates`, { text: 'We found the faulty deploy and are rolling it back.', public: true, status: 'identified', by: 'ana' });
    await settle(app);
    expect(slack.received).toHaveLength(3);
    expect(hook.received).toHaveLength(3);
    expect(slackTexts()[1]).toContain('severity changed');
    expect(slackTexts()[2]).toContain('rolling it back');
    expect(stakeholderHook.received).toHaveLength(0);

    // The first stakeholder update is an hour after the declaration, once.
    clock = T0 + H;
    await settle(app);
    await settle(app);
    expect(stakeholderSubjects()).toEqual([`[SEV1] ${id} stakeholder update: Checkout errors`]);
    expect(JSON.stringify(stakeholderHook.received[0]?.body)).toContain('rolling it back');

    // Down from 1h30 to 4h30: one update on return (the 4h slot), not one per missed slot.
    await app.stop();
    clock = T0 + 4.5 * H;
    ({ app, url } = await startApp());
    await settle(app);
    expect(stakeholderHook.received).toHaveLength(2);
    clock = T0 + 4.9 * H;
    await settle(app);
    expect(stakeholderHook.received).toHaveLength(2);
    clock = T0 + 5 * H;
    await settle(app);
    expect(stakeholderHook.received).toHaveLength(3);

    clock = T0 + 5.5 * H;
    await post(url, `/api/v1/incidents/${id}/resolve`, { text: 'Checkout works again.', by: 'ana' });
    await settle(app);
    clock = T0 + 7 * H;
    await settle(app);
    expect(slack.received).toHaveLength(4);
    expect(slackTexts()[3]).toContain(`${id} resolved`);
    expect(stakeholderHook.received).toHaveLength(3);

    // After another restart nothing is told again.
    await app.stop();
    ({ app } = await startApp());
    await settle(app);
    await app.stop();
    expect(slack.received).toHaveLength(4);
    expect(stakeholderHook.received).toHaveLength(3);
    expect(hook.received.map((r) => (r.body as { groupLabels: Record<string, string> }).groupLabels.event)).toEqual(['declared', 'severity_changed', 'status_update', 'resolved']);
    await expect.poll(() => mails.length).toBe(4);
  });
});

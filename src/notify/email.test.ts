import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmailNotifier, emailMessage, escapeHtml, type EmailChannel } from './email.js';
import { alert, closedPort, CONTEXT, notification, resolvedNotification } from './fixtures.js';

const USER = 'launchwatch';
const PASS = 'smtp-pa55word-very-secret';

interface Smtp {
  readonly port: number;
  readonly messages: ParsedMail[];
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** A real SMTP server on loopback requiring PLAIN/LOGIN auth (no TLS on loopback); messages are parsed with mailparser. */
async function startSmtp(options: Partial<SMTPServerOptions> = {}): Promise<Smtp> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASS) callback(null, { user: USER });
      else callback(smtpError('Invalid username or password', 535));
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          callback();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function channel(port: number, pass = PASS): EmailChannel {
  return {
    name: 'email-ops',
    type: 'email',
    to: ['oncall@example.com', 'lead@example.com'],
    from: 'launchwatch@example.com',
    smtp: { host: '127.0.0.1', port, secure: false, user: USER, pass },
    sendResolved: true,
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
}

describe('emailMessage', () => {
  it("uses Alertmanager's subject and escapes the HTML body", () => {
    expect(emailMessage(notification(), CONTEXT).subject).toBe('[FIRING:2] HighErrorRate');
    expect(emailMessage(resolvedNotification(), CONTEXT).subject).toBe('[RESOLVED] HighErrorRate');
    const html = emailMessage(notification({ alerts: [alert({ annotations: { summary: '<script>alert("x")</script> & more' } })] }), CONTEXT).html;
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(html).not.toContain('<script>');
    expect(escapeHtml(`'"<>&`)).toBe('&#39;&quot;&lt;&gt;&amp;');
  });
});

describe('email notifier against a real SMTP server', () => {
  let smtp: Smtp | undefined;
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
  });

  it('authenticates and delivers subject, recipients, text and HTML', async () => {
    smtp = await startSmtp();
    const n = notification({ alerts: [alert({ annotations: { summary: 'Error rate <high> & rising', runbook: 'https://runbooks.example.com/x' }, acknowledged: true })] });
    expect(await createEmailNotifier(channel(smtp.port), CONTEXT).send(n, new AbortController().signal)).toEqual({ kind: 'sent' });
    const [mail] = smtp.messages;
    expect(mail?.subject).toBe('[FIRING:1] HighErrorRate (checkout P1)');
    expect(addresses(mail?.to)).toEqual(['oncall@example.com', 'lead@example.com']);
    expect(addresses(mail?.from)).toEqual(['launchwatch@example.com']);
    expect(mail?.text).toContain('[P1] Error rate <high> & rising');
    expect(mail?.text).toContain('Runbook: https://runbooks.example.com/x');
    expect(mail?.text).toContain('Acknowledged');
    expect(mail?.html).toContain('Error rate &lt;high&gt; &amp; rising');
    expect(mail?.html).not.toContain('<high>');
  });

  it('sends resolved messages with their own subject', async () => {
    smtp = await startSmtp();
    expect(await createEmailNotifier(channel(smtp.port), CONTEXT).send(resolvedNotification(), new AbortController().signal)).toEqual({ kind: 'sent' });
    expect(smtp.messages[0]?.subject).toBe('[RESOLVED] HighErrorRate');
    expect(smtp.messages[0]?.text).toContain('Resolved');
  });

  it('fails on a 5xx reply (bad credentials) without quoting the password', async () => {
    smtp = await startSmtp();
    const outcome = await createEmailNotifier(channel(smtp.port, 'wrong-password-here'), CONTEXT).send(notification(), new AbortController().signal);
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/^smtp server answered 535/);
    expect(JSON.stringify(outcome)).not.toContain('wrong-password-here');
    expect(smtp.messages).toHaveLength(0);
  });

  it('retries a 4xx reply and fails a 5xx one for the recipients', async () => {
    smtp = await startSmtp({ onRcptTo: (_address, _session, callback) => callback(smtpError('Mailbox busy, try later', 450)) });
    const busy = await createEmailNotifier(channel(smtp.port), CONTEXT).send(notification(), new AbortController().signal);
    expect(busy).toMatchObject({ kind: 'retry' });
    expect(busy.kind === 'retry' && busy.reason).toMatch(/^smtp server answered 450/);
    await smtp.close();
    smtp = await startSmtp({ onRcptTo: (_address, _session, callback) => callback(smtpError('No such user', 550)) });
    const unknown = await createEmailNotifier(channel(smtp.port), CONTEXT).send(notification(), new AbortController().signal);
    expect(unknown).toMatchObject({ kind: 'failed' });
    expect(unknown.kind === 'failed' && unknown.reason).toMatch(/^smtp server answered 550/);
  });

  it('retries when the server cannot be reached', async () => {
    const port = await closedPort();
    expect(await createEmailNotifier(channel(port), CONTEXT).send(notification(), new AbortController().signal)).toEqual({
      kind: 'retry',
      reason: 'smtp connection failed: ECONNREFUSED',
    });
  });
});

/**
 * Email over SMTP (nodemailer): Alertmanager's subject line, a plain-text
 * body and an HTML one with every value escaped. SMTP 4xx replies and
 * connection failures are retried, 5xx replies are final.
 */
import { createRequire } from 'node:module';
import type nodemailer from 'nodemailer';
import type { NotificationAlert, NotificationRequest } from '../alerting/types.js';
import type { ChannelSpec } from '../plan/alert-types.js';
import { alertUrl, baseUrl, firingAlerts, formatValue, isoTime, resolvedAlerts, runbookOf, severityOf, summaryOf, title } from './message.js';
import { redact } from './redact.js';
import type { NotifierFactory, NotifyContext, SendOutcome } from './types.js';

export type EmailChannel = Extract<ChannelSpec, { type: 'email' }>;

export const SMTP_TIMEOUT_MS = 10_000;
const DETAIL_CHARS = 200;
/** Nodemailer codes for a connection that failed or ended, not a refusal of the message. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY', 'EABORT']);

export interface EmailMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function textAlert(alert: NotificationAlert, context: NotifyContext): string {
  const severity = severityOf(alert);
  const lines = [`- ${severity !== null ? `[${severity}] ` : ''}${summaryOf(alert)}`, `  Value: ${formatValue(alert.value)}`, `  Since: ${isoTime(alert.startsAt)}`];
  if (alert.annotations.description !== undefined) lines.push(`  ${alert.annotations.description}`);
  const runbook = runbookOf(alert);
  if (runbook !== undefined) lines.push(`  Runbook: ${runbook}`);
  if (alert.acknowledged) lines.push('  Acknowledged');
  lines.push(`  Labels: ${Object.entries(alert.labels).map(([k, v]) => `${k}=${v}`).join(', ')}`, `  ${alertUrl(context, alert)}`);
  return lines.join('\n');
}

function htmlAlert(alert: NotificationAlert, context: NotifyContext): string {
  const severity = severityOf(alert);
  const runbook = runbookOf(alert);
  const parts = [
    `<strong>${escapeHtml(severity ?? alert.status)}</strong> <a href="${escapeHtml(alertUrl(context, alert))}">${escapeHtml(summaryOf(alert))}</a>`,
    `Value: ${escapeHtml(formatValue(alert.value))} · since ${escapeHtml(isoTime(alert.startsAt))}`,
  ];
  if (alert.annotations.description !== undefined) parts.push(escapeHtml(alert.annotations.description));
  if (runbook !== undefined) parts.push(`<a href="${escapeHtml(runbook)}">Runbook</a>`);
  if (alert.acknowledged) parts.push('<em>Acknowledged</em>');
  return `<li>${parts.join('<br>')}</li>`;
}

function sections(n: NotificationRequest): [string, NotificationAlert[]][] {
  return (
    [
      ['Firing', firingAlerts(n)],
      ['Resolved', resolvedAlerts(n)],
    ] as [string, NotificationAlert[]][]
  ).filter(([, alerts]) => alerts.length > 0);
}

export function emailMessage(n: NotificationRequest, context: NotifyContext): EmailMessage {
  const subject = title(n);
  const text = [
    subject,
    ...sections(n).map(([heading, alerts]) => `\n${heading}\n${alerts.map((a) => textAlert(a, context)).join('\n')}`),
    `\n${context.product} · launchwatch · ${baseUrl(context)}`,
  ].join('\n');
  const html = [
    `<!doctype html><html><body>`,
    `<h2>${escapeHtml(subject)}</h2>`,
    ...sections(n).map(([heading, alerts]) => `<h3>${heading}</h3><ul>${alerts.map((a) => htmlAlert(a, context)).join('')}</ul>`),
    `<p>${escapeHtml(context.product)} · <a href="${escapeHtml(baseUrl(context))}">launchwatch</a></p>`,
    `</body></html>`,
  ].join('\n');
  return { subject, text, html };
}

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? Reflect.get(error, name) : undefined;
}

/** How an SMTP failure classifies. `secrets` (the password) are removed from the server's reply. */
export function classifySmtpError(error: unknown, secrets: readonly string[]): SendOutcome {
  const responseCode = field(error, 'responseCode');
  if (typeof responseCode === 'number') {
    const response = field(error, 'response');
    const detail = typeof response === 'string' ? redact(response.replace(/\s+/g, ' ').trim(), secrets).slice(0, DETAIL_CHARS) : '';
    const reason = `smtp server answered ${responseCode}${detail !== '' ? `: ${detail}` : ''}`;
    return responseCode >= 500 ? { kind: 'failed', reason } : { kind: 'retry', reason };
  }
  const code = field(error, 'code');
  const original = field(error, 'originalCode');
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) {
    return { kind: 'retry', reason: `smtp connection failed: ${typeof original === 'string' ? original : code}` };
  }
  return { kind: 'failed', reason: `smtp error: ${typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown'}` };
}

export const createEmailNotifier: NotifierFactory<EmailChannel> = (channel, context) => {
  const { smtp } = channel;
  // nodemailer is loaded by the first plan with an email channel, not by every process.
  const { createTransport } = createRequire(import.meta.url)('nodemailer') as typeof nodemailer;
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user !== undefined ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS * 3,
  });
  const secrets = smtp.pass !== undefined && smtp.pass !== '' ? [smtp.pass] : [];
  return {
    async send(n, signal) {
      const message = n.digest ? { subject: n.digest.subject, text: n.digest.text, html: n.digest.html } : emailMessage(n, context);
      try {
        await transport.sendMail({ from: channel.from, to: [...channel.to], ...message, signal });
        return { kind: 'sent' };
      } catch (error: unknown) {
        return classifySmtpError(error, secrets);
      }
    },
  };
};

/**
 * Slack through an incoming webhook: `text` as the notification fallback and
 * Block Kit blocks (header, one section per alert, context). Firing,
 * resolved and acknowledged messages look different at a glance. The webhook
 * URL is a credential: reasons say "slack webhook answered 404", never it.
 */
import type { DigestContent, NotificationAlert, NotificationRequest } from '../alerting/types.js';
import type { ChannelSpec, MessageTemplates } from '../plan/alert-types.js';
import { postJson } from './http.js';
import { alertLine, alertUrl, baseUrl, firingAlerts, formatValue, resolvedAlerts, runbookOf, severityOf, summaryOf, templated, title, truncate } from './message.js';
import { secretsOf } from './redact.js';
import type { NotifierFactory, NotifyContext } from './types.js';

export type SlackChannel = Extract<ChannelSpec, { type: 'slack' }>;

/** Slack's documented limits: header text 150 characters, section text 3000, 50 blocks a message. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const TEXT_MAX = 3000;
/** Alerts shown one section each; the rest are counted. */
const ALERTS_SHOWN = 10;

interface TextObject {
  readonly type: 'plain_text' | 'mrkdwn';
  readonly text: string;
  readonly emoji?: boolean;
}

export type SlackBlock =
  | { readonly type: 'header'; readonly text: TextObject }
  | { readonly type: 'section'; readonly text: TextObject }
  | { readonly type: 'context'; readonly elements: readonly TextObject[] }
  | { readonly type: 'divider' };

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Slack's mrkdwn control characters, escaped as its docs ask. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function link(url: string, label: string): string {
  const safeUrl = url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c));
  return `<${safeUrl}|${escapeMrkdwn(label)}>`;
}

function headline(n: NotificationRequest): string {
  if (n.kind === 'acknowledge') return `👀 ${title(n)}`;
  return n.status === 'resolved' ? `✅ ${title(n)}` : `🔥 ${title(n)}`;
}

function alertSection(alert: NotificationAlert, context: NotifyContext): SlackBlock {
  const name = link(alertUrl(context, alert), summaryOf(alert));
  const severity = severityOf(alert);
  const lines =
    alert.status === 'resolved'
      ? [`:white_check_mark: *Resolved*${severity !== null ? ` (${severity})` : ''} · ${name}`, `Last value: ${escapeMrkdwn(formatValue(alert.value))}`]
      : [`:rotating_light: *${severity ?? 'Firing'}* · ${name}`, `Value: *${escapeMrkdwn(formatValue(alert.value))}*`];
  const runbook = runbookOf(alert);
  if (runbook !== undefined) lines.push(link(runbook, 'Runbook'));
  if (alert.acknowledged) lines.push(':eyes: _Acknowledged_');
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SECTION_MAX) } };
}

/** A scheduled report: its summary and a link to it. */
function digestMessage(digest: DigestContent): SlackMessage {
  if (digest.mrkdwn !== undefined) {
    const header = { type: 'header', text: { type: 'plain_text', text: truncate(digest.subject, HEADER_MAX), emoji: true } } as const;
    return { text: truncate(escapeMrkdwn(digest.summary), TEXT_MAX), blocks: [header, { type: 'section', text: { type: 'mrkdwn', text: truncate(digest.mrkdwn, SECTION_MAX) } }] };
  }
  return {
    text: truncate(escapeMrkdwn(digest.summary), TEXT_MAX),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(`📊 ${digest.subject}`, HEADER_MAX), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`${escapeMrkdwn(digest.summary)}\n${link(digest.url, 'The whole report')}`, SECTION_MAX) } },
    ],
  };
}

/** The message; a channel's `title` template replaces the header, its `text` template comes as a section under it. */
export function slackMessage(n: NotificationRequest, context: NotifyContext, templates?: MessageTemplates): SlackMessage {
  if (n.digest) return digestMessage(n.digest);
  const ordered = [...firingAlerts(n), ...resolvedAlerts(n)];
  const shown = ordered.slice(0, ALERTS_SHOWN);
  const hidden = ordered.length - shown.length;
  const words = templated(templates, n, context, { title: headline(n), text: '' });
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(words.title, HEADER_MAX), emoji: true } }];
  if (words.text !== '') blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(words.text), SECTION_MAX) } });
  blocks.push(...shown.map((alert) => alertSection(alert, context)));
  if (hidden > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${hidden} more alert${hidden === 1 ? '' : 's'}` }] });
  blocks.push({ type: 'divider' });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${escapeMrkdwn(context.product)} · ${link(baseUrl(context), 'launchwatch')}` }] });
  const text = [words.title, ...(words.text !== '' ? [words.text] : []), ...shown.map(alertLine), ...(hidden > 0 ? [`…and ${hidden} more`] : [])].join('\n');
  return { text: truncate(escapeMrkdwn(text), TEXT_MAX), blocks };
}

export const createSlackNotifier: NotifierFactory<SlackChannel> = (channel, context) => {
  const secrets = secretsOf(channel);
  return {
    send: (n, signal) => postJson({ label: 'slack webhook', url: channel.webhookUrl, body: slackMessage(n, context, channel.templates), signal, secrets }),
  };
};

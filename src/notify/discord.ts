/**
 * Discord through a channel webhook (Execute Webhook): `content` as the
 * headline (at most 2000 characters) and one embed per alert (at most 10),
 * within Discord's embed limits; mentions in alert text are never pinged
 * (`allowed_mentions.parse` is empty). A rate limit (429) is retried after
 * its Retry-After header, or the `retry_after` seconds of its JSON body. The
 * webhook URL holds the webhook's token: reasons never show it.
 */
import type { DigestContent, NotificationAlert, NotificationRequest } from '../alerting/types.js';
import type { ChannelSpec } from '../plan/alert-types.js';
import { postJson } from './http.js';
import { alertUrl, baseUrl, firingAlerts, formatValue, isoTime, resolvedAlerts, runbookOf, severityOf, summaryOf, templated, title, truncate } from './message.js';
import { secretsOf } from './redact.js';
import type { NotifierFactory, NotifyContext } from './types.js';

export type DiscordChannel = Extract<ChannelSpec, { type: 'discord' }>;

/** Discord's documented limits on a webhook message. */
export const DISCORD_LIMITS = { content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, embedTotal: 6000 } as const;

const COLORS = { firing: 0xe01e5a, resolved: 0x2eb67d, acknowledged: 0xecb22e } as const;

export interface DiscordEmbed {
  readonly title: string;
  readonly description?: string;
  readonly url?: string;
  readonly color: number;
  readonly timestamp: string;
  readonly fields: readonly { readonly name: string; readonly value: string; readonly inline: boolean }[];
  readonly footer?: { readonly text: string };
}

export interface DiscordMessage {
  readonly content: string;
  readonly username?: string;
  readonly embeds: readonly DiscordEmbed[];
  readonly allowed_mentions: { readonly parse: readonly never[] };
}

function alertEmbed(alert: NotificationAlert, context: NotifyContext, product: string): DiscordEmbed {
  const severity = severityOf(alert);
  const fields = [
    ...(severity !== null ? [{ name: 'Severity', value: severity, inline: true }] : []),
    { name: alert.status === 'resolved' ? 'Last value' : 'Value', value: formatValue(alert.value), inline: true },
    ...(alert.acknowledged ? [{ name: 'Acknowledged', value: 'yes', inline: true }] : []),
  ];
  const runbook = runbookOf(alert);
  if (runbook !== undefined) fields.push({ name: 'Runbook', value: truncate(runbook, 500), inline: false });
  const description = alert.annotations.description;
  return {
    title: truncate(`${alert.status === 'resolved' ? 'Resolved: ' : ''}${summaryOf(alert)}`, DISCORD_LIMITS.title),
    ...(description !== undefined ? { description: truncate(description, 1000) } : {}),
    url: alertUrl(context, alert),
    color: alert.status === 'resolved' ? COLORS.resolved : alert.acknowledged ? COLORS.acknowledged : COLORS.firing,
    timestamp: isoTime(alert.startsAt),
    fields,
    footer: { text: truncate(product, 100) },
  };
}

function digestMessage(digest: DigestContent, username: string | undefined): DiscordMessage {
  return {
    content: truncate(`📊 ${digest.subject}\n${digest.summary}\n${digest.url}`, DISCORD_LIMITS.content),
    ...(username !== undefined ? { username } : {}),
    embeds: [],
    allowed_mentions: { parse: [] },
  };
}

function headline(n: NotificationRequest): string {
  if (n.kind === 'acknowledge') return `👀 ${title(n)}`;
  return n.status === 'resolved' ? `✅ ${title(n)}` : `🔥 ${title(n)}`;
}

export function discordMessage(n: NotificationRequest, channel: DiscordChannel, context: NotifyContext): DiscordMessage {
  if (n.digest) return digestMessage(n.digest, channel.username);
  const ordered = [...firingAlerts(n), ...resolvedAlerts(n)];
  const words = templated(channel.templates, n, context, { title: headline(n), text: '' });
  // With a text template there is one embed, the channel's own; without, one per alert.
  const embeds: DiscordEmbed[] =
    words.text !== ''
      ? [{ title: truncate(words.title, DISCORD_LIMITS.title), description: truncate(words.text, DISCORD_LIMITS.description), url: baseUrl(context), color: colorOf(n), timestamp: isoTime(n.createdAt), fields: [] }]
      : withinLimits(ordered.map((a) => alertEmbed(a, context, context.product)));
  const hidden = words.text !== '' ? 0 : ordered.length - embeds.length;
  const more = hidden > 0 ? `\n…and ${hidden} more alert${hidden === 1 ? '' : 's'}` : '';
  return {
    content: truncate(words.title, DISCORD_LIMITS.content - more.length) + more,
    ...(channel.username !== undefined ? { username: channel.username } : {}),
    embeds,
    allowed_mentions: { parse: [] },
  };
}

/** The characters Discord counts toward a message's 6000: titles, descriptions, field names and values, footers. */
export function embedChars(embed: DiscordEmbed): number {
  return embed.title.length + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + embed.fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
}

/** The first embeds that fit: at most 10, at most 6000 characters in all. */
function withinLimits(embeds: readonly DiscordEmbed[]): DiscordEmbed[] {
  const kept: DiscordEmbed[] = [];
  let total = 0;
  for (const embed of embeds.slice(0, DISCORD_LIMITS.embeds)) {
    total += embedChars(embed);
    if (total > DISCORD_LIMITS.embedTotal) break;
    kept.push(embed);
  }
  return kept;
}

function colorOf(n: NotificationRequest): number {
  if (n.kind === 'acknowledge') return COLORS.acknowledged;
  return n.status === 'resolved' ? COLORS.resolved : COLORS.firing;
}

/** Discord's 429 body: `{"message": "...", "retry_after": 1.5, "global": false}`, seconds (fractions allowed). */
export function discordRetryAfter(detail: string): number | undefined {
  const match = /"retry_after"\s*:\s*(\d+(?:\.\d+)?)/.exec(detail);
  return match?.[1] === undefined ? undefined : Math.ceil(Number(match[1]) * 1000);
}

export const createDiscordNotifier: NotifierFactory<DiscordChannel> = (channel, context) => {
  const secrets = secretsOf(channel);
  return {
    send: (n, signal) =>
      postJson({ label: 'discord webhook', url: channel.webhookUrl, body: discordMessage(n, channel, context), signal, secrets, retryAfterFromBody: discordRetryAfter }),
  };
};

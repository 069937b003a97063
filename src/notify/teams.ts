/**
 * Microsoft Teams through a Workflows webhook ("Send webhook alerts to a
 * channel"): a message whose one attachment is an Adaptive Card (content type
 * application/vnd.microsoft.card.adaptive): a title, one container per alert
 * with its facts, and buttons to the runbook and to launchwatch. The webhook
 * URL carries its signature and is a credential: reasons say "teams webhook
 * answered 400", never it.
 */
import type { DigestContent, NotificationAlert, NotificationRequest } from '../alerting/types.js';
import type { ChannelSpec } from '../plan/alert-types.js';
import { postJson } from './http.js';
import { alertUrl, baseUrl, firingAlerts, formatValue, isoTime, resolvedAlerts, runbookOf, runbooks, severityOf, summaryOf, templated, title, truncate } from './message.js';
import { secretsOf } from './redact.js';
import type { NotifierFactory, NotifyContext } from './types.js';

export type TeamsChannel = Extract<ChannelSpec, { type: 'teams' }>;

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams renders Adaptive Cards up to schema 1.5; 1.4 is what every Teams client shows. */
export const CARD_VERSION = '1.4';
/** Alerts shown one container each; the rest are counted. */
const ALERTS_SHOWN = 10;
/** Teams refuses a message over about 28 KB; texts are cut well below it. */
const TEXT_MAX = 2000;
const TITLE_MAX = 200;

export interface TextBlock {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly wrap: true;
  readonly size?: 'Medium' | 'Large';
  readonly weight?: 'Bolder';
  readonly color?: 'Attention' | 'Good' | 'Warning' | 'Default';
  readonly isSubtle?: boolean;
}

export interface FactSet {
  readonly type: 'FactSet';
  readonly facts: readonly { readonly title: string; readonly value: string }[];
}

export interface Container {
  readonly type: 'Container';
  readonly separator: true;
  readonly items: readonly (TextBlock | FactSet)[];
}

export interface OpenUrl {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
}

export interface AdaptiveCard {
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly type: 'AdaptiveCard';
  readonly version: string;
  readonly body: readonly (TextBlock | Container)[];
  readonly actions: readonly OpenUrl[];
  readonly msteams: { readonly width: 'Full' };
}

export interface TeamsMessage {
  readonly type: 'message';
  readonly attachments: readonly [{ readonly contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; readonly contentUrl: null; readonly content: AdaptiveCard }];
}

function colorOf(n: NotificationRequest): TextBlock['color'] {
  if (n.kind === 'acknowledge') return 'Warning';
  return n.status === 'resolved' ? 'Good' : 'Attention';
}

function alertContainer(alert: NotificationAlert): Container {
  const severity = severityOf(alert);
  const facts = [
    { title: 'Status', value: alert.acknowledged ? `${alert.status}, acknowledged` : alert.status },
    ...(severity !== null ? [{ title: 'Severity', value: severity }] : []),
    { title: alert.status === 'resolved' ? 'Last value' : 'Value', value: formatValue(alert.value) },
    { title: 'Since', value: isoTime(alert.startsAt) },
  ];
  const items: (TextBlock | FactSet)[] = [
    { type: 'TextBlock', text: truncate(summaryOf(alert), TITLE_MAX), wrap: true, weight: 'Bolder' },
    { type: 'FactSet', facts },
  ];
  if (alert.annotations.description !== undefined) items.push({ type: 'TextBlock', text: truncate(alert.annotations.description, TEXT_MAX), wrap: true, isSubtle: true });
  return { type: 'Container', separator: true, items };
}

function card(body: (TextBlock | Container)[], actions: OpenUrl[]): TeamsMessage {
  const content: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: CARD_VERSION,
    body,
    actions,
    msteams: { width: 'Full' },
  };
  return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content }] };
}

function digestCard(digest: DigestContent): TeamsMessage {
  return card(
    [
      { type: 'TextBlock', text: truncate(digest.subject, TITLE_MAX), wrap: true, size: 'Large', weight: 'Bolder' },
      { type: 'TextBlock', text: truncate(digest.summary, TEXT_MAX), wrap: true },
    ],
    [{ type: 'Action.OpenUrl', title: 'The whole report', url: digest.url }],
  );
}

/** The actions under the card: each distinct runbook (up to three), the first alert, and launchwatch. */
function actionsOf(n: NotificationRequest, shown: readonly NotificationAlert[], context: NotifyContext): OpenUrl[] {
  const actions: OpenUrl[] = runbooks(shown)
    .slice(0, 3)
    .map((url) => ({ type: 'Action.OpenUrl', title: 'Runbook', url }));
  const first = shown[0];
  if (first !== undefined && runbookOf(first) === undefined && n.alerts.length === 1) actions.push({ type: 'Action.OpenUrl', title: 'Alert history', url: alertUrl(context, first) });
  actions.push({ type: 'Action.OpenUrl', title: 'launchwatch', url: baseUrl(context) });
  return actions;
}

export function teamsMessage(n: NotificationRequest, channel: TeamsChannel, context: NotifyContext): TeamsMessage {
  if (n.digest) return digestCard(n.digest);
  const ordered = [...firingAlerts(n), ...resolvedAlerts(n)];
  const shown = ordered.slice(0, ALERTS_SHOWN);
  const hidden = ordered.length - shown.length;
  const words = templated(channel.templates, n, context, { title: title(n), text: '' });
  const body: (TextBlock | Container)[] = [{ type: 'TextBlock', text: truncate(words.title, TITLE_MAX), wrap: true, size: 'Large', weight: 'Bolder', color: colorOf(n) }];
  if (words.text !== '') body.push({ type: 'TextBlock', text: truncate(words.text, TEXT_MAX), wrap: true });
  body.push(...shown.map(alertContainer));
  if (hidden > 0) body.push({ type: 'TextBlock', text: `…and ${hidden} more alert${hidden === 1 ? '' : 's'}`, wrap: true, isSubtle: true });
  body.push({ type: 'TextBlock', text: (context.product), wrap: true, isSubtle: true });
  return card(body, actionsOf(n, shown, context));
}

export const createTeamsNotifier: NotifierFactory<TeamsChannel> = (channel, context) => {
  const secrets = secretsOf(channel);
  return {
    send: (n, signal) => postJson({ label: 'teams webhook', url: channel.webhookUrl, body: teamsMessage(n, channel, context), signal, secrets }),
  };
};

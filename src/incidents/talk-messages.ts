/**
 * What incident announcements, stakeholder updates and status-page updates
 * say, laid out once when they are written to the outbox (as a digest's
 * content: subject, plain text, HTML, a link; Slack also gets mrkdwn with the
 * people's mentions). Pure.
 */
import type { DigestContent } from '../alerting/types.js';
import type { Person } from '../plan/oncall-types.js';
import type { AnnounceEvent } from '../plan/talk-types.js';
import { escapeMarkup } from '../status/escape.js';
import { humanDuration, utc } from './text.js';
import type { Incident, TimelineEntry } from './types.js';

export interface TalkContext {
  /** Base URL of this server, without a trailing slash. */
  readonly baseUrl: string;
  readonly product: string;
  readonly people: Readonly<Record<string, Person>>;
  readonly now: number;
}

/** Slack's control characters, escaped as its docs ask. */
const mrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A person by name; on Slack a mention when the plan gives their Slack member id. */
function who(name: string | null, context: TalkContext, slack: boolean): string {
  if (name === null) return 'none';
  const person = Object.hasOwn(context.people, name) ? context.people[name] : undefined;
  if (slack && person?.slackId !== undefined) return `<@${person.slackId}>`;
  const shown = person ? person.name : name;
  return slack ? mrkdwn(shown) : shown;
}

const HEADLINE: Readonly<Record<AnnounceEvent, string>> = { declared: 'declared', severity_changed: 'severity changed', status_update: 'update', resolved: 'resolved' };

export function incidentUrl(baseUrl: string, id: string): string {
  return `${baseUrl}/app/#/incidents/${encodeURIComponent(id)}`;
}

interface Lines {
  readonly subject: string;
  /** Each a [label, value] pair or a free line; the commander is told apart so Slack can mention them. */
  readonly facts: readonly (readonly [string, string])[];
  readonly texts: readonly string[];
  readonly url: string;
  readonly commander: string | null;
}

function layout(lines: Lines, context: TalkContext): DigestContent {
  const text = [lines.subject, '', ...lines.facts.map(([k, v]) => `${k}: ${v}`), `Commander: ${who(lines.commander, context, false)}`, ...lines.texts.map((t) => `\n${t}`), '', lines.url].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<h2>${escapeMarkup(lines.subject)}</h2>`,
    `<ul>${[...lines.facts, ['Commander', who(lines.commander, context, false)] as const].map(([k, v]) => `<li>${escapeMarkup(k)}: ${escapeMarkup(v)}</li>`).join('')}</ul>`,
    ...lines.texts.map((t) => `<p>${escapeMarkup(t)}</p>`),
    `<p><a href="${escapeMarkup(lines.url)}">${escapeMarkup(lines.url)}</a></p>`,
    '</body></html>',
  ].join('\n');
  const slack = [
    `*${mrkdwn(lines.subject)}*`,
    ...lines.facts.map(([k, v]) => `${mrkdwn(k)}: ${mrkdwn(v)}`),
    `Commander: ${who(lines.commander, context, true)}`,
    ...lines.texts.map((t) => `> ${mrkdwn(t).replace(/\n/g, '\n> ')}`),
    `<${lines.url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c))}|Open the incident>`,
  ].join('\n');
  const summary = [lines.subject, ...lines.texts].join(' — ');
  return { subject: lines.subject, summary, text, html, url: lines.url, mrkdwn: slack };
}

function facts(incident: Incident, now: number): [string, string][] {
  const components = Object.entries(incident.components).map(([id, state]) => `${id} ${state.replace('_', ' ')}`);
  return [
    ['Severity', incident.severity],
    ['Status', incident.status],
    ['Declared', `${utc(incident.declaredAt)} (${humanDuration(now - incident.declaredAt)} ago)`],
    ...(components.length ? ([['Components', components.join(', ')]] as [string, string][]) : []),
  ];
}

/** An announcement of one event of the incident, with the entries that tell of it. */
export function announcementContent(incident: Incident, event: AnnounceEvent, entries: readonly TimelineEntry[], context: TalkContext): DigestContent {
  const subject = `[${incident.severity}] ${incident.id} ${HEADLINE[event]}: ${incident.title}`;
  const texts = entries.filter((e) => e.kind !== 'declared').map((e) => (e.kind === 'public_update' || e.kind === 'resolved' ? e.text : `${e.kind.replace('_', ' ')}: ${e.text}`));
  return layout({ subject, facts: facts(incident, context.now), texts, url: incidentUrl(context.baseUrl, incident.id), commander: incident.commander }, context);
}

/** The stakeholder update: where the incident stands now, its summary and its last public update. */
export function stakeholderContent(incident: Incident, lastPublic: TimelineEntry | undefined, context: TalkContext): DigestContent {
  const subject = `[${incident.severity}] ${incident.id} stakeholder update: ${incident.title}`;
  const texts = [
    ...(incident.summary ? [`Summary: ${incident.summary}`] : []),
    ...(lastPublic ? [`Last public update (${utc(lastPublic.at)}): ${lastPublic.text}`] : ['No public update yet.']),
    ...(incident.eta ? [`Service expected back by ${utc(incident.eta)}.`] : []),
  ];
  return layout({ subject, facts: facts(incident, context.now), texts, url: incidentUrl(context.baseUrl, incident.id), commander: incident.commander }, context);
}

export interface SubscriberLinks {
  readonly statusUrl: string;
  readonly unsubscribeUrl: string;
}

/** A public update of the status page as a subscriber receives it: the public title and text only, and how to leave. */
export function subscriberUpdateContent(title: string, entry: TimelineEntry, incident: Incident, links: SubscriberLinks, product: string): DigestContent {
  const what = entry.kind === 'declared' ? 'Investigating' : entry.kind === 'resolved' ? 'Resolved' : entry.kind === 'status_changed' ? 'Status' : 'Update';
  const subject = `[${product} status] ${title}`;
  const body = entry.kind === 'declared' ? `We are investigating: ${title}` : entry.text;
  const text = [subject, '', `${what} (${utc(entry.at)}): ${body}`, `Status: ${incident.status}`, '', `Status page: ${links.statusUrl}`, `Unsubscribe: ${links.unsubscribeUrl}`].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<h2>${escapeMarkup(title)}</h2>`,
    `<p><strong>${escapeMarkup(what)}</strong> (${escapeMarkup(utc(entry.at))}): ${escapeMarkup(body)}</p>`,
    `<p><a href="${escapeMarkup(links.statusUrl)}">Status page</a> · <a href="${escapeMarkup(links.unsubscribeUrl)}">Unsubscribe</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, summary: `${title}: ${body}`, text, html, url: links.statusUrl };
}

/**
 * /status/feed.xml: an Atom 1.0 feed with one entry per public update of the
 * incidents on the page, newest first. Entry ids are stable: the incident and
 * the update's time, so a reader never sees an update twice.
 */
import type { MaintenanceView } from './maintenance.js';
import { escapeMarkup as e, incidentAnchor } from './escape.js';
import { updateLabel } from './labels.js';
import type { PublicIncident, PublicUpdate, StatusModel } from './model.js';

export interface FeedOptions {
  /** Absolute URL of the server, without a trailing slash: `https://status.example.com`. */
  readonly baseUrl: string;
  readonly product: string;
}

interface FeedEntry {
  readonly incident: PublicIncident;
  readonly update: PublicUpdate;
  readonly id: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function entries(model: StatusModel, pageUrl: string): FeedEntry[] {
  const list: FeedEntry[] = [];
  for (const incident of [...model.active, ...model.resolved]) {
    const seen = new Map<number, number>();
    // Oldest first, so two updates in the same millisecond keep their suffixes as more arrive.
    for (const update of [...incident.updates].reverse()) {
      const n = seen.get(update.at) ?? 0;
      seen.set(update.at, n + 1);
      list.push({ incident, update, id: `${pageUrl}#${incidentAnchor(incident.id)}/${update.at}${n > 0 ? `-${n}` : ''}` });
    }
  }
  return list.sort((a, b) => b.update.at - a.update.at);
}

function entryXml(entry: FeedEntry, pageUrl: string): string {
  const { incident, update } = entry;
  const title = `${incident.title}: ${updateLabel(update)}`;
  const affects = incident.components.length === 0 ? [] : [`    <summary type="text">${e(`Affects ${incident.components.map((c) => c.name).join(', ')}`)}</summary>`];
  return [
    '  <entry>',
    `    <id>${e(entry.id)}</id>`,
    `    <title type="text">${e(title)}</title>`,
    `    <updated>${iso(update.at)}</updated>`,
    `    <published>${iso(update.at)}</published>`,
    `    <link rel="alternate" type="text/html" href="${e(`${pageUrl}#${incidentAnchor(incident.id)}`)}"/>`,
    ...affects,
    `    <content type="text">${e(update.text)}</content>`,
    '  </entry>',
  ].join('\n');
}

/** A maintenance window as an entry: its id stable, updated when it was declared to start. */
function maintenanceXml(m: MaintenanceView, pageUrl: string): string {
  const title = `Scheduled maintenance (${m.state === 'in_progress' ? 'in progress' : 'scheduled'}): ${m.components.map((c) => c.name).join(', ')}`;
  return [
    '  <entry>',
    `    <id>${e(`${pageUrl}#maintenance-${m.id}/${m.from}`)}</id>`,
    `    <title type="text">${e(title)}</title>`,
    `    <updated>${iso(m.from)}</updated>`,
    `    <link rel="alternate" type="text/html" href="${e(`${pageUrl}#maintenance-${m.id}`)}"/>`,
    `    <content type="text">${e(`${iso(m.from)} – ${iso(m.to)}: ${m.message}`)}</content>`,
    '  </entry>',
  ].join('\n');
}

export function renderAtom(model: StatusModel, options: FeedOptions): string {
  const base = options.baseUrl.replace(/\/+$/, '');
  const pageUrl = `${base}/status`;
  const list = entries(model, pageUrl);
  const updated = list[0]?.update.at ?? model.now;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${e(`${pageUrl}/feed.xml`)}</id>`,
    `  <title type="text">${e(`${options.product} status`)}</title>`,
    `  <updated>${iso(updated)}</updated>`,
    `  <author><name>${e(options.product)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${e(`${pageUrl}/feed.xml`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${e(pageUrl)}"/>`,
    '  <generator>launchwatch</generator>',
    ...(model.maintenance ?? []).map((m) => maintenanceXml(m, pageUrl)),
    ...list.map((entry) => entryXml(entry, pageUrl)),
    '</feed>',
    '',
  ].join('\n');
}

/**
 * Who among the status page's subscribers is told of a public update, and
 * how: an e-mail through the plan's subscriber e-mail channel (to the
 * subscriber's address alone), or a POST to the subscriber's webhook URL
 * (through the built-in channel `STATUS_WEBHOOK_CHANNEL`). A subscriber who
 * chose components hears of incidents that affect one of them; one who chose
 * none hears of every incident the page shows. Pure.
 */
import type { NotificationRequest } from '../alerting/types.js';
import type { ChannelSpec } from '../plan/alert-types.js';
import type { Plan } from '../plan/types.js';
import type { Incident, TimelineEntry } from '../incidents/types.js';
import { subscriberUpdateContent } from '../incidents/talk-messages.js';
import type { Subscriber } from '../store/talk.js';
import { publicTitle } from './model.js';

/** Not a plan channel name (those are lower-case words): the channel webhook subscribers are sent through. */
export const STATUS_WEBHOOK_CHANNEL = '@status-page-webhooks';

/** The plan's channels, and the built-in one of webhook subscribers when the plan takes them. */
export function deliveryChannels(plan: Plan): Readonly<Record<string, ChannelSpec>> {
  if (!plan.statusPage.subscribers?.webhooks) return plan.channels;
  // The URL is each notification's own (its target); this one is never posted to.
  const builtIn: ChannelSpec = { name: STATUS_WEBHOOK_CHANNEL, type: 'webhook', url: 'http://invalid.invalid/', headers: {}, sendResolved: true };
  return { ...plan.channels, [STATUS_WEBHOOK_CHANNEL]: builtIn };
}

/** The subscriber's links: the page, and one-click unsubscribe with its token. */
export function unsubscribeUrl(baseUrl: string, subscriber: Pick<Subscriber, 'id' | 'unsubscribeToken'>): string {
  return `${baseUrl}/status/unsubscribe?id=${encodeURIComponent(subscriber.id)}&token=${encodeURIComponent(subscriber.unsubscribeToken)}`;
}

/** Whether the page shows the incident: it affects a component on it, or someone posted a public update (as model.ts decides). */
function onPage(plan: Plan, incident: Incident, timeline: readonly TimelineEntry[]): boolean {
  return Object.keys(incident.components).some((id) => Object.hasOwn(plan.components, id)) || timeline.some((e) => e.public && e.kind === 'public_update');
}

function follows(subscriber: Subscriber, incident: Incident): boolean {
  return subscriber.components.length === 0 || subscriber.components.some((c) => Object.hasOwn(incident.components, c));
}

/**
 * The notifications a public entry owes the subscribers, or null while the page does not show the
 * incident (its entries are told once it does).
 */
export function subscriberNotifications(
  plan: Plan,
  incident: Incident,
  timeline: readonly TimelineEntry[],
  entry: TimelineEntry,
  subscribers: readonly Subscriber[],
  context: { readonly baseUrl: string; readonly now: number; readonly newId: () => string },
): NotificationRequest[] | null {
  const spec = plan.statusPage.subscribers;
  if (!spec || !onPage(plan, incident, timeline)) return null;
  const components = Object.entries(incident.components).flatMap(([id, state]) => {
    const c = plan.components[id];
    return c ? [{ name: c.name, state }] : [];
  });
  const byRule = Object.fromEntries(plan.alerts.flatMap((rule) => (rule.publicSummary ? [[rule.name, rule.publicSummary]] : [])));
  const title = publicTitle(incident, components, plan.incidents.publicTitle ? { byRule, fallback: plan.incidents.publicTitle } : { byRule });
  return subscribers.flatMap((s): NotificationRequest[] => {
    if (s.confirmedAt === null || !follows(s, incident)) return [];
    const channel = s.kind === 'email' ? spec.emailChannel : spec.webhooks ? STATUS_WEBHOOK_CHANNEL : undefined;
    if (channel === undefined) return [];
    const digest = subscriberUpdateContent(title, entry, incident, { statusUrl: `${context.baseUrl}/status`, unsubscribeUrl: unsubscribeUrl(context.baseUrl, s) }, plan.product.name);
    return [
      {
        id: context.newId(),
        channel,
        kind: 'digest',
        groupKey: `status:${s.id}`,
        groupLabels: { incident: incident.id, event: entry.kind },
        status: incident.status === 'resolved' ? 'resolved' : 'firing',
        alerts: [],
        createdAt: context.now,
        digest,
        target: s.kind === 'email' ? { to: [s.address] } : { url: s.address },
      },
    ];
  });
}

/**
 * The talk vocabulary: `incidents.announce`, `incidents.stakeholders` and the
 * `status_page` section (subscribers, scheduled maintenance). Shapes (zod) and
 * meaning (channels and components exist, a window ends after it starts),
 * returning every issue.
 */
import { z } from 'zod';
import type { ChannelSpec } from './alert-types.js';
import { INCIDENT_SEVERITIES, type ComponentSpec } from './incident-types.js';
import type { PathSegment, PlanIssue } from './issue.js';
import { sectionReader } from './section.js';
import { ANNOUNCE_EVENTS, type MaintenanceSpec, type StatusPageSpec, type SubscribersSpec, type TalkPlan } from './talk-types.js';

const channelList = z.array(z.string().min(1)).min(1, 'give at least one channel');

export const rawAnnounce = z.strictObject({
  channels: channelList,
  on: z.array(z.enum(ANNOUNCE_EVENTS)).min(1).optional(),
});

export const rawStakeholders = z.strictObject({
  channels: channelList,
  every: z.string({ error: 'stakeholder updates need a cadence, e.g. every: 1h' }),
  severities: z.array(z.enum(INCIDENT_SEVERITIES)).min(1).optional(),
});

const instant = z.iso.datetime({ offset: true, error: 'expected a time with its offset, e.g. 2026-12-10T02:00:00Z' });

export const rawMaintenance = z.strictObject({
  components: z.array(z.string().min(1)).min(1, 'a maintenance window needs at least one component'),
  from: instant,
  to: instant,
  message: z.string().trim().min(1).max(2000),
});

const rawSubscribers = z.strictObject({
  email: z.string().min(1).optional(),
  webhooks: z.boolean().optional(),
  confirm_within: z.string().optional(),
});

export const rawStatusPage = z.strictObject({
  subscribers: rawSubscribers.optional(),
  maintenance: z.array(z.unknown()).optional(),
});

/** Subscriptions wait this long for their confirmation by default. */
export const DEFAULT_CONFIRM_WITHIN_MS = 48 * 3_600_000;
/** The shortest stakeholder cadence: a minute. */
const MIN_EVERY_MS = 60_000;

type Zod = (error: z.ZodError, base: readonly PathSegment[]) => PlanIssue[];

export function resolveTalk(
  raw: { incidents?: unknown; status_page?: unknown },
  context: { channels: Readonly<Record<string, ChannelSpec>>; components: Readonly<Record<string, ComponentSpec>> },
  issues: PlanIssue[],
  zodIssues: Zod,
): TalkPlan {
  const reader = sectionReader(issues, zodIssues);
  const incidents = raw.incidents !== null && typeof raw.incidents === 'object' ? (raw.incidents as { announce?: unknown; stakeholders?: unknown }) : {};
  const checkChannels = (names: readonly string[], path: readonly PathSegment[]): string[] =>
    names.filter((name, i) => {
      if (Object.hasOwn(context.channels, name)) return true;
      issues.push({ path: [...path, i], message: `no channel "${name}" is declared under channels (declared: ${Object.keys(context.channels).join(', ') || 'none'})` });
      return false;
    });

  const a = incidents.announce === undefined ? undefined : reader.parse(rawAnnounce, incidents.announce, ['incidents', 'announce']);
  const announce = a ? Object.freeze({ channels: Object.freeze(checkChannels(a.channels, ['incidents', 'announce', 'channels'])), on: Object.freeze([...new Set(a.on ?? ANNOUNCE_EVENTS)]) }) : null;

  const s = incidents.stakeholders === undefined ? undefined : reader.parse(rawStakeholders, incidents.stakeholders, ['incidents', 'stakeholders']);
  let stakeholders = null;
  if (s) {
    const everyMs = reader.duration(s.every, MIN_EVERY_MS, ['incidents', 'stakeholders', 'every']);
    if (everyMs < MIN_EVERY_MS) issues.push({ path: ['incidents', 'stakeholders', 'every'], message: 'stakeholder updates can be at most once a minute (every: 1m or longer)' });
    stakeholders = Object.freeze({
      channels: Object.freeze(checkChannels(s.channels, ['incidents', 'stakeholders', 'channels'])),
      everyMs,
      severities: Object.freeze([...new Set(s.severities ?? INCIDENT_SEVERITIES)]),
    });
  }
  return { incidentTalk: Object.freeze({ announce, stakeholders }), statusPage: resolveStatusPage(raw.status_page, context, issues, zodIssues) };
}

function resolveStatusPage(raw: unknown, context: Parameters<typeof resolveTalk>[1], issues: PlanIssue[], zodIssues: Zod): StatusPageSpec {
  const reader = sectionReader(issues, zodIssues);
  const page = reader.parse(rawStatusPage, raw ?? {}, ['status_page']) ?? {};
  let subscribers: SubscribersSpec | null = null;
  if (page.subscribers) {
    const path = ['status_page', 'subscribers'];
    const email = page.subscribers.email;
    if (email !== undefined && context.channels[email]?.type !== 'email') {
      issues.push({ path: [...path, 'email'], message: `"${email}" is not an e-mail channel under channels (e-mail channels: ${emailChannels(context.channels).join(', ') || 'none'})` });
    }
    subscribers = Object.freeze({
      ...(email !== undefined ? { emailChannel: email } : {}),
      webhooks: page.subscribers.webhooks ?? false,
      confirmWithinMs: reader.duration(page.subscribers.confirm_within, DEFAULT_CONFIRM_WITHIN_MS, [...path, 'confirm_within']),
    });
  }
  const maintenance: MaintenanceSpec[] = [];
  (page.maintenance ?? []).forEach((value, i) => {
    const path = ['status_page', 'maintenance', i];
    const m = reader.parse(rawMaintenance, value, path);
    if (!m) return;
    const from = Date.parse(m.from);
    const to = Date.parse(m.to);
    if (to <= from) issues.push({ path: [...path, 'to'], message: `a maintenance window ends after it starts (from ${m.from})` });
    m.components.forEach((c, j) => {
      if (!Object.hasOwn(context.components, c)) issues.push({ path: [...path, 'components', j], message: `no component "${c}" is declared under components (declared: ${Object.keys(context.components).join(', ') || 'none'})` });
    });
    maintenance.push(Object.freeze({ id: `plan-${i + 1}`, components: Object.freeze([...new Set(m.components)]), from, to, message: m.message }));
  });
  return Object.freeze({ subscribers, maintenance: Object.freeze(maintenance) });
}

function emailChannels(channels: Readonly<Record<string, ChannelSpec>>): string[] {
  return Object.values(channels).flatMap((c) => (c.type === 'email' ? [c.name] : []));
}

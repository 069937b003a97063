/**
 * The plan's `privacy` section: the ingest kill switch, what to do with a
 * user_id that is not opaque, retention per data class, properties that hold
 * opaque ids; and the built-in event types (`launchwatch_redaction`,
 * `telemetry_consent`) every plan can measure. Shape (zod) and meaning,
 * returning every issue.
 */
import { z } from 'zod';
import type { PathSegment, PlanIssue } from './issue.js';
import type { PrivacySection } from './privacy-types.js';
import { sectionReader } from './section.js';
import type { EventSpec } from './types.js';

/** Written by launchwatch for each redaction; a sender may not send it. */
export const REDACTION_EVENT = 'launchwatch_redaction';
/** The answer to the opt-in prompt; senders send it. A plan may declare its own. */
export const CONSENT_EVENT = 'telemetry_consent';

export const BUILTIN_EVENTS: Readonly<Record<string, EventSpec>> = Object.freeze({
  [REDACTION_EVENT]: Object.freeze({
    name: REDACTION_EVENT,
    properties: Object.freeze({
      kind: Object.freeze({ type: 'string', optional: false, enum: Object.freeze(['email', 'ip', 'path', 'secret', 'card', 'phone', 'user_id', 'session_id']) }),
      event: Object.freeze({ type: 'string', optional: false }),
      property: Object.freeze({ type: 'string', optional: false }),
      count: Object.freeze({ type: 'number', optional: false }),
    }),
  }),
  [CONSENT_EVENT]: Object.freeze({
    name: CONSENT_EVENT,
    properties: Object.freeze({ choice: Object.freeze({ type: 'string', optional: false, enum: Object.freeze(['opt_in', 'opt_out']) }) }),
  }),
} satisfies Record<string, EventSpec>);

const FOREVER = 'forever';
const retentionValue = z.string().min(1);

export const rawPrivacy = z.strictObject({
  ingest: z.enum(['open', 'paused']).optional(),
  pause_reason: z.string().min(1).max(200).optional(),
  user_id: z.enum(['reject', 'hash']).optional(),
  salt: z.string().min(16, 'the salt must be at least 16 characters (e.g. openssl rand -hex 32)').optional(),
  retention: z.strictObject({ events: retentionValue.optional(), samples: retentionValue.optional(), alerts: retentionValue.optional() }).optional(),
  ids: z.array(z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'expected event.property, e.g. deploy.commit')).optional(),
});

export function resolvePrivacy(
  raw: { privacy?: unknown; events: Record<string, unknown> },
  context: { events: Readonly<Record<string, EventSpec>> },
  issues: PlanIssue[],
  zodIssues: (error: z.ZodError, base: readonly PathSegment[]) => PlanIssue[],
): PrivacySection {
  const reader = sectionReader(issues, zodIssues);
  const p = reader.parse(rawPrivacy, raw.privacy ?? {}, ['privacy']) ?? {};

  if (Object.hasOwn(raw.events, REDACTION_EVENT)) {
    issues.push({ path: ['events', REDACTION_EVENT], message: `"${REDACTION_EVENT}" is a built-in event written by launchwatch; remove it from events`, atKey: true });
  }
  const userId = p.user_id ?? 'reject';
  if (userId === 'hash' && p.salt === undefined) {
    issues.push({ path: ['privacy', 'user_id'], message: 'hash needs privacy.salt, a secret from the environment (salt: ${LAUNCHWATCH_SALT})' });
  }
  const retention = (key: 'events' | 'samples' | 'alerts'): number | null => {
    const text = p.retention?.[key];
    if (text === undefined || text === FOREVER) return null;
    const ms = reader.duration(text, 0, ['privacy', 'retention', key]);
    if (ms > 0 && ms < 3_600_000) issues.push({ path: ['privacy', 'retention', key], message: 'retention must be at least 1h (or forever)' });
    return ms > 0 ? ms : null;
  };
  const ids: Record<string, string[]> = {};
  (p.ids ?? []).forEach((entry, i) => {
    const [event = '', property = ''] = entry.split('.');
    const spec = context.events[event];
    if (spec?.properties[property]?.type !== 'string') {
      issues.push({ path: ['privacy', 'ids', i], message: `"${entry}" is not a string property of a declared event` });
      return;
    }
    (ids[event] ??= []).push(property);
  });
  const events = Object.fromEntries(Object.entries(BUILTIN_EVENTS).filter(([name]) => !Object.hasOwn(context.events, name)));

  return {
    privacy: Object.freeze({
      ingest: Object.freeze({ paused: p.ingest === 'paused', ...(p.pause_reason ? { reason: p.pause_reason } : {}) }),
      userId,
      ...(p.salt !== undefined ? { salt: p.salt } : {}),
      retention: Object.freeze({ eventsMs: retention('events'), samplesMs: retention('samples'), alertsMs: retention('alerts') }),
      ids: Object.freeze(Object.fromEntries(Object.entries(ids).map(([e, list]) => [e, Object.freeze(list)]))),
      events: Object.freeze(events),
    }),
  };
}

/** The event types stored for a plan: the declared ones and the built-ins it does not declare. */
export function storedEvents(plan: PrivacySection & { readonly events: Readonly<Record<string, EventSpec>> }): Readonly<Record<string, EventSpec>> {
  return { ...plan.privacy.events, ...plan.events };
}

/** A built-in event type a sender may send (telemetry_consent, when the plan does not declare its own); never launchwatch_redaction. */
export function senderEvent(plan: PrivacySection, type: string): EventSpec | undefined {
  return type === CONSENT_EVENT ? plan.privacy.events[CONSENT_EVENT] : undefined;
}

/**
 * The calendar feeds of on-call: per schedule and per person, each with a
 * token of its own that a calendar app can be given without giving it API
 * access. A feed's token is an HMAC-SHA256 of the feed's id (`schedule:<id>`,
 * `person:<id>`) under a secret from the environment
 * (LAUNCHWATCH_CALENDAR_SECRET, else derived from the admin token): a new
 * secret revokes every feed URL at once. Tokens are compared in constant time.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Plan } from '../plan/types.js';
import { calendarText, shiftsBetween, type CalendarEvent } from './ical.js';

export type FeedId = `schedule:${string}` | `person:${string}`;

/** What a feed holds: shifts from a week back to 90 days ahead. */
export const FEED_BACK_MS = 7 * 86_400_000;
export const FEED_AHEAD_MS = 90 * 86_400_000;

export function feedToken(secret: string, feed: FeedId): string {
  return createHmac('sha256', secret).update(feed).digest('base64url');
}

/** Constant time: both sides are hashed first, so neither their bytes nor their lengths show in the timing. */
export function feedTokenValid(secret: string, feed: FeedId, given: string | undefined): boolean {
  if (given === undefined) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(feedToken(secret, feed)));
}

/** The calendar secret: LAUNCHWATCH_CALENDAR_SECRET, else one derived from the admin token; undefined when neither is set (the API is open). */
export function calendarSecret(env: Readonly<Record<string, string | undefined>>, adminToken: string | undefined): string | undefined {
  const own = env.LAUNCHWATCH_CALENDAR_SECRET;
  if (own) return own;
  return adminToken === undefined ? undefined : createHmac('sha256', adminToken).update('launchwatch calendar feeds').digest('base64url');
}

function scheduleEvents(plan: Plan, scheduleId: string, from: number, to: number, person?: string): CalendarEvent[] {
  const schedule = plan.schedules[scheduleId];
  if (!schedule) return [];
  return shiftsBetween(schedule, from, to)
    .filter((s) => person === undefined || s.person === person)
    .map((s) => {
      const who = s.person === null ? 'nobody' : (plan.people[s.person]?.name ?? s.person);
      const how = s.source === 'override' ? 'override' : s.layer === undefined ? 'rotation' : `layer ${s.layer}`;
      return {
        uid: `${scheduleId}/${s.person ?? ''}/${new Date(s.shiftStart).toISOString()}@launchwatch`,
        start: s.shiftStart,
        end: s.shiftEnd,
        summary: person === undefined ? `On call: ${who} (${scheduleId})` : `On call for ${scheduleId}`,
        description: `${who} holds ${scheduleId} (${how}).`,
      };
    });
}

/** The feed's text, or undefined when the plan has no such schedule or person. */
export function feedText(plan: Plan, feed: FeedId, now: number): string | undefined {
  const [kind, id] = feed.startsWith('schedule:') ? ['schedule', feed.slice(9)] : ['person', feed.slice(7)];
  const from = now - FEED_BACK_MS;
  const to = now + FEED_AHEAD_MS;
  if (kind === 'schedule') {
    if (!Object.hasOwn(plan.schedules, id)) return undefined;
    return calendarText(`On call: ${id}`, scheduleEvents(plan, id, from, to), now);
  }
  const person = Object.hasOwn(plan.people, id) ? plan.people[id] : undefined;
  if (!person) return undefined;
  const events = Object.keys(plan.schedules).flatMap((s) => scheduleEvents(plan, s, from, to, id));
  return calendarText(`On call: ${person.name}`, events.sort((a, b) => a.start - b.start), now);
}

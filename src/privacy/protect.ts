/**
 * protect(event, properties, userId, privacy): what admission applies to an
 * event it is about to accept: every free-text string property scrubbed
 * (enum values are the plan's own words and are skipped), and a user_id that
 * is not opaque rejected or hashed as the plan says. Returns the redactions
 * by property and kind. Pure apart from `properties`, which admission builds
 * for this call and hands over.
 */
import type { PrivacyPlan } from '../plan/privacy-types.js';
import type { EventSpec, Scalar } from '../plan/types.js';
import { scrub, type RedactionKind, type Tally } from './scrub.js';
import { hashUserId, sessionIdLooksLike, sessionIdRejection, userIdLooksLike, userIdRejection } from './user-id.js';

/** Redactions of one event: what was replaced, where, how many times. `user_id` and `session_id` count a hashed id. */
export interface Redaction {
  readonly property: string;
  readonly kind: RedactionKind | 'user_id' | 'session_id';
  readonly count: number;
}

export type Protection =
  | { readonly kind: 'ok'; readonly userId: string | null; readonly sessionId?: string | null; readonly redactions?: readonly Redaction[] }
  | { readonly kind: 'rejected'; readonly error: string };

interface Scrubbed {
  /** Free-text string properties: scrubbed with the entropy rule, ids: without. */
  readonly text: readonly string[];
  readonly ids: readonly string[];
}

const plans = new WeakMap<PrivacyPlan, WeakMap<EventSpec, Scrubbed>>();

/** Which properties of an event get scrubbed, computed once per plan and event. */
function scrubbedOf(event: EventSpec, privacy: PrivacyPlan): Scrubbed {
  let byEvent = plans.get(privacy);
  if (!byEvent) plans.set(privacy, (byEvent = new WeakMap()));
  let found = byEvent.get(event);
  if (!found) {
    const declaredIds = privacy.ids[event.name] ?? [];
    const free = Object.entries(event.properties)
      .filter(([, spec]) => spec.type === 'string' && spec.enum === undefined)
      .map(([name]) => name);
    found = { text: free.filter((n) => !declaredIds.includes(n)), ids: free.filter((n) => declaredIds.includes(n)) };
    byEvent.set(event, found);
  }
  return found;
}

const OK_NOTHING: Protection = { kind: 'ok', userId: null };

function scrubAll(names: readonly string[], properties: Record<string, Scalar | null>, entropy: boolean, into: Redaction[]): void {
  for (const name of names) {
    const value = properties[name];
    if (typeof value !== 'string') continue;
    const tally: Tally = {};
    const clean = scrub(value, tally, { entropy });
    if (clean === value) continue;
    properties[name] = clean;
    for (const [kind, count] of Object.entries(tally) as [RedactionKind, number][]) into.push({ property: name, kind, count });
  }
}

/**
 * `sessionId`, when given, is checked too: one that is an e-mail or IP address
 * is rejected or hashed under the same `privacy.user_id` policy, and the
 * result carries the session id to store.
 */
export function protect(event: EventSpec, properties: Record<string, Scalar | null>, userId: string | null, privacy: PrivacyPlan, sessionId: string | null = null): Protection {
  const redactions: Redaction[] = [];
  let user = userId;
  if (user !== null) {
    const looks = userIdLooksLike(user);
    if (looks !== undefined) {
      if (privacy.userId === 'reject' || privacy.salt === undefined) return { kind: 'rejected', error: userIdRejection(looks) };
      user = hashUserId(user, privacy.salt);
      redactions.push({ property: 'user_id', kind: 'user_id', count: 1 });
    }
  }
  let session = sessionId;
  if (session !== null) {
    const looks = sessionIdLooksLike(session);
    if (looks !== undefined) {
      if (privacy.userId === 'reject' || privacy.salt === undefined) return { kind: 'rejected', error: sessionIdRejection(looks) };
      session = hashUserId(session, privacy.salt);
      redactions.push({ property: 'session_id', kind: 'session_id', count: 1 });
    }
  }
  const scrubbed = scrubbedOf(event, privacy);
  scrubAll(scrubbed.text, properties, true, redactions);
  scrubAll(scrubbed.ids, properties, false, redactions);
  if (redactions.length === 0) return user === null && session === null ? OK_NOTHING : { kind: 'ok', userId: user, sessionId: session };
  return { kind: 'ok', userId: user, sessionId: session, redactions };
}

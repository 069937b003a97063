/**
 * Creating, updating and expiring silences, as Alertmanager decides them
 * (silence/silence.go: validateSilence, canUpdate, Set, Expire). Pure
 * functions: the current silences and `now` in, an outcome with a `kind` out;
 * the caller stores what comes back.
 */
import { matcherMatches, silenceState } from './match.js';
import { regexProblem } from './regex.js';
import type { Matcher, Silence } from './types.js';

/** A silence as a client posts it: an id to update one, none to create one. */
export interface PostedSilence {
  readonly id?: string;
  readonly matchers: readonly Matcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
}

export type UpsertOutcome =
  /** A new silence; `expired` is the one it replaces when that could not be changed in place. */
  | { readonly kind: 'created'; readonly silence: Silence; readonly expired: Silence | null }
  | { readonly kind: 'updated'; readonly silence: Silence }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'not_found'; readonly id: string };

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why a silence cannot be stored, or null when it can. */
export function silenceProblem(posted: Omit<PostedSilence, 'id'>, now: number): string | null {
  if (posted.matchers.length === 0) return 'at least one matcher is required';
  for (const [index, m] of posted.matchers.entries()) {
    if (!LABEL_NAME.test(m.name)) return `matchers[${index}].name: "${m.name}" is not a valid label name`;
    const problem = m.isRegex ? regexProblem(m.value) : null;
    if (problem !== null) return `matchers[${index}].value: ${problem}`;
  }
  // A silence whose every matcher matches the empty label would silence every alert.
  if (posted.matchers.every((m) => matcherMatches(m, {}))) return 'matchers: at least one matcher must not match the empty string';
  if (posted.startsAt >= posted.endsAt) return 'endsAt: the start time must be before the end time';
  if (posted.endsAt < now) return "endsAt: the end time can't be in the past";
  return null;
}

function sameMatchers(a: readonly Matcher[], b: readonly Matcher[]): boolean {
  return a.length === b.length && a.every((m, i) => m.name === b[i]?.name && m.value === b[i]?.value && m.isRegex === b[i]?.isRegex && m.isEqual === b[i]?.isEqual);
}

/**
 * Whether an existing silence can take the posted one in place: same matchers,
 * not expired; an active one keeps its start and cannot end in the past; a
 * pending one cannot be moved to start in the past.
 */
function canUpdate(previous: Silence, posted: PostedSilence, now: number): boolean {
  if (!sameMatchers(previous.matchers, posted.matchers)) return false;
  switch (silenceState(previous, now)) {
    case 'active':
      return posted.startsAt === previous.startsAt && posted.endsAt >= now;
    case 'pending':
      return posted.startsAt >= now;
    case 'expired':
      return false;
  }
}

/**
 * Creates or updates a silence. An update that cannot be made in place (other
 * matchers, a moved start, an expired silence) expires the old silence and
 * creates a new one with a new id, as Alertmanager does. A new silence never
 * starts in the past.
 */
export function upsertSilence(silences: readonly Silence[], posted: PostedSilence, now: number, newId: () => string): UpsertOutcome {
  const problem = silenceProblem(posted, now);
  if (problem !== null) return { kind: 'invalid', reason: problem };
  const fields = { matchers: posted.matchers, endsAt: posted.endsAt, createdBy: posted.createdBy, comment: posted.comment, updatedAt: now };
  const previous = posted.id ? silences.find((s) => s.id === posted.id) : undefined;
  if (posted.id && !previous) return { kind: 'not_found', id: posted.id };
  if (previous && canUpdate(previous, posted, now)) return { kind: 'updated', silence: { ...fields, id: previous.id, startsAt: posted.startsAt } };
  const expiring = previous ? expireSilence(previous, now) : null;
  const silence: Silence = { ...fields, id: newId(), startsAt: Math.max(posted.startsAt, now) };
  return { kind: 'created', silence, expired: expiring?.kind === 'expired' ? expiring.silence : null };
}

export type ExpireOutcome = { readonly kind: 'expired'; readonly silence: Silence } | { readonly kind: 'already_expired'; readonly silence: Silence };

/** Ends a silence now: an active one ends now, a pending one starts and ends now; an expired one stays as it is. */
export function expireSilence(silence: Silence, now: number): ExpireOutcome {
  switch (silenceState(silence, now)) {
    case 'active':
      return { kind: 'expired', silence: { ...silence, endsAt: now, updatedAt: now } };
    case 'pending':
      return { kind: 'expired', silence: { ...silence, startsAt: now, endsAt: now, updatedAt: now } };
    case 'expired':
      return { kind: 'already_expired', silence };
  }
}

/**
 * Whether a silence answers a query filter: every filter matcher is one of
 * the silence's own matchers (same name, operator and value), which is how
 * Alertmanager 0.25 filters silences (`amtool silence query alertname=x`).
 */
export function silenceMatchesFilter(silence: Pick<Silence, 'matchers'>, filter: readonly Matcher[]): boolean {
  return filter.every((f) => silence.matchers.some((m) => m.name === f.name && m.value === f.value && m.isRegex === f.isRegex && m.isEqual === f.isEqual));
}

const STATE_ORDER = { active: 0, pending: 1, expired: 2 } as const;

/** Alertmanager's order: active by end time, then pending by start time, then expired, most recent first. */
export function sortSilences(silences: readonly Silence[], now: number): Silence[] {
  return [...silences].sort((a, b) => {
    const sa = silenceState(a, now);
    const sb = silenceState(b, now);
    if (sa !== sb) return STATE_ORDER[sa] - STATE_ORDER[sb];
    if (sa === 'active') return a.endsAt - b.endsAt;
    if (sa === 'pending') return a.startsAt - b.startsAt;
    return b.endsAt - a.endsAt;
  });
}

/**
 * Simulated telemetry, pure: given a seed and times, the same events come out.
 * `backfill` writes the history of a period day by day; `live` hands out the
 * next events of a few interleaved sessions, stamped at the time given.
 * Sending them is simulator.ts's business.
 */
import { caro } from './caro.js';
import { DAY, HOUR, type Draft, type Profile, type ProfileName, type SimUser, type TelemetryEvent } from './profile.js';
import { chance, mulberry32, poisson, uuid, type Rng } from './random.js';
import { webapp } from './webapp.js';

export type { ProfileName, TelemetryEvent } from './profile.js';

export const PROFILE_NAMES: readonly ProfileName[] = ['caro', 'webapp'];

export interface TrafficOptions {
  readonly profile: ProfileName;
  readonly seed: number;
  /** Population size; each profile has its own default. */
  readonly users?: number;
}

export interface Traffic {
  readonly profile: ProfileName;
  readonly users: number;
  /** The history of [from, to), one array per day in time order; nothing after `to`. */
  backfill(from: number, to: number): Generator<TelemetryEvent[]>;
  /** The next `count` events of the live stream, stamped at `now` (a millisecond apart, in order). */
  live(count: number, now: number): TelemetryEvent[];
}

/** Sessions open at once in the live stream; their events interleave. */
const LIVE_SESSIONS = 8;

export function createTraffic(options: TrafficOptions): Traffic {
  const rng = mulberry32(options.seed);
  switch (options.profile) {
    case 'caro':
      return build(caro, rng, options.users);
    case 'webapp':
      return build(webapp, rng, options.users);
  }
}

function stamp(rng: Rng, draft: Draft, at: number): TelemetryEvent {
  return {
    id: uuid(rng),
    type: draft.type,
    timestamp: new Date(at).toISOString(),
    user_id: draft.user_id,
    session_id: draft.session_id,
    properties: draft.properties,
  };
}

/** Daytime is busier: relative activity by UTC hour, peaking mid-afternoon. */
function activity(at: number): number {
  const hour = (at % DAY) / HOUR;
  return 0.3 + 0.7 * (0.5 + 0.5 * Math.cos(((hour - 15) / 24) * 2 * Math.PI));
}

/** A start time in [from, to), following the daily rhythm. */
function startIn(rng: Rng, from: number, to: number): number {
  for (;;) {
    const at = from + rng.next() * (to - from);
    if (rng.next() < activity(at)) return at;
  }
}

function build<U extends SimUser>(profile: Profile<U>, rng: Rng, count: number | undefined): Traffic {
  const users = Array.from({ length: Math.max(1, count ?? profile.defaultUsers) }, () => profile.user(rng));
  const totalRate = users.reduce((sum, user) => sum + user.sessionsPerDay, 0);

  /** A user drawn in proportion to how often they use the product. */
  function someUser(): U {
    let roll = rng.next() * totalRate;
    for (const user of users) {
      roll -= user.sessionsPerDay;
      if (roll < 0) return user;
    }
    return users[users.length - 1] ?? profile.user(rng);
  }

  function* backfill(from: number, to: number): Generator<TelemetryEvent[]> {
    const days = Math.max(1, Math.ceil((to - from) / DAY));
    for (let day = 0; day < days; day++) {
      const dayStart = from + day * DAY;
      const dayEnd = Math.min(to, dayStart + DAY);
      const share = (dayEnd - dayStart) / DAY;
      const sessions: { start: number; drafts: Draft[] }[] = [];
      for (const user of users) {
        const joins = Math.min(days - 1, Math.floor(user.joinedAt * days));
        if (day < joins) continue;
        const first = day === joins;
        const n = (first ? 1 : 0) + poisson(rng, user.sessionsPerDay * share * (first ? 0.5 : 1));
        for (let i = 0; i < n; i++) sessions.push({ start: startIn(rng, dayStart, dayEnd), drafts: profile.session(rng, user, first && i === 0) });
      }
      const strangers = poisson(rng, (sessions.length * profile.strangerShare) / (1 - profile.strangerShare));
      for (let i = 0; i < strangers; i++) sessions.push({ start: startIn(rng, dayStart, dayEnd), drafts: profile.stranger(rng) });
      const events: { at: number; event: TelemetryEvent }[] = [];
      for (const { start, drafts } of sessions) {
        for (const draft of drafts) {
          const at = Math.round(start + draft.offsetMs);
          if (at < to) events.push({ at, event: stamp(rng, draft, at) });
        }
      }
      events.sort((a, b) => a.at - b.at);
      yield events.map((e) => e.event);
    }
  }

  const open: Draft[][] = [];

  function live(count: number, now: number): TelemetryEvent[] {
    const out: TelemetryEvent[] = [];
    while (out.length < count) {
      while (open.length < LIVE_SESSIONS) {
        const drafts = chance(rng, profile.strangerShare) ? profile.stranger(rng) : profile.session(rng, someUser(), false);
        if (drafts.length > 0) open.push(drafts.slice().reverse());
      }
      const index = Math.floor(rng.next() * open.length);
      const session = open[index];
      const draft = session?.pop();
      if (!session || !draft) continue;
      if (session.length === 0) open.splice(index, 1);
      out.push(stamp(rng, draft, now - count + out.length + 1));
    }
    return out;
  }

  return { profile: profile.name, users: users.length, backfill, live };
}

/**
 * What a traffic profile is: a population of simulated users and, for one of
 * them, the events of one session. Pure: everything random comes from the Rng.
 */
import { hex, type Rng } from './random.js';

export type ProfileName = 'caro' | 'webapp';

export type PropertyValue = string | number | boolean;

/** One event as sent to `POST /v1/events`. */
export interface TelemetryEvent {
  readonly id: string;
  readonly type: string;
  /** ISO-8601. */
  readonly timestamp: string;
  readonly user_id: string;
  readonly session_id: string;
  readonly properties: Readonly<Record<string, PropertyValue>>;
}

/** An event before it is stamped: its time is an offset from the start of its session. */
export interface Draft {
  readonly type: string;
  readonly offsetMs: number;
  readonly user_id: string;
  readonly session_id: string;
  readonly properties: Readonly<Record<string, PropertyValue>>;
}

export interface SimUser {
  /** An opaque hash, `u_<12 hex>`; never an e-mail or a name. */
  readonly id: string;
  /** Mean number of sessions a day. */
  readonly sessionsPerDay: number;
  /** When the user first shows up, as a fraction of the backfilled period (0 = at its start). */
  readonly joinedAt: number;
}

export interface Profile<U extends SimUser> {
  readonly name: ProfileName;
  /** Population size when the caller gives none. */
  readonly defaultUsers: number;
  /** Visits by people outside the population (one-off installs, visitors), as a share of all visits. */
  readonly strangerShare: number;
  user(rng: Rng): U;
  /** One session of `user`; `first` adds what precedes a user's first session (install, sign-up). */
  session(rng: Rng, user: U, first: boolean): Draft[];
  /** One visit by someone outside the population. */
  stranger(rng: Rng): Draft[];
}

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function userId(rng: Rng): string {
  return `u_${hex(rng, 12)}`;
}

export function sessionId(rng: Rng): string {
  return `s_${hex(rng, 16)}`;
}

/** Most users join on launch day, the rest over the period. */
export function joinedAt(rng: Rng): number {
  return rng.next() < 0.6 ? 0 : rng.next() * 0.9;
}

/** Builds the drafts of one session in time order. */
export class SessionWriter {
  readonly drafts: Draft[] = [];
  offsetMs = 0;

  constructor(
    readonly userId: string,
    readonly sessionId: string,
  ) {}

  /** Moves the session clock forward. */
  wait(ms: number): this {
    this.offsetMs += Math.max(0, Math.round(ms));
    return this;
  }

  emit(type: string, properties: Record<string, PropertyValue | undefined>, sessionId = this.sessionId): this {
    const clean: Record<string, PropertyValue> = {};
    for (const [key, value] of Object.entries(properties)) if (value !== undefined) clean[key] = value;
    this.drafts.push({ type, offsetMs: this.offsetMs, user_id: this.userId, session_id: sessionId, properties: clean });
    return this;
  }
}

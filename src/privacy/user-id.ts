/**
 * user_id must be an opaque identifier. `userIdLooksLike` says whether a
 * value reads as personal data (an e-mail address, an IP address, a phone
 * number or a plain name); `hashUserId` turns it into an opaque one with the
 * server's secret salt. Pure.
 */
import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';

export type UserIdKind = 'email' | 'ip' | 'phone' | 'name';

const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
const PHONE = /^\+?[\d\s().-]{7,20}$/;
/** Letters (any script), with spaces, dots, apostrophes, hyphens or underscores between them, and no digit. */
const NAME = /^\p{L}[\p{L}\p{M}\s.'_-]{0,63}$/u;
const HEX = /^[0-9a-f]{16,}$/i;

/** What a user_id looks like when it is not opaque; undefined for an opaque id. */
export function userIdLooksLike(value: string): UserIdKind | undefined {
  if (value.includes('@') && EMAIL.test(value)) return 'email';
  if (isIP(value.split('%')[0] ?? value) !== 0) return 'ip';
  if (PHONE.test(value) && value.replace(/\D/g, '').length >= 7 && /[\s().+-]/.test(value)) return 'phone';
  if (NAME.test(value) && !HEX.test(value)) return 'name';
  return undefined;
}

/** `h_` and 32 hex digits of HMAC-SHA256(salt, value): stable for one salt, not reversible without it. */
export function hashUserId(value: string, salt: string): string {
  return `h_${createHmac('sha256', salt).update(value).digest('hex').slice(0, 32)}`;
}

/** The words for a rejection, naming what the value looks like (never the value itself). */
export function userIdRejection(kind: UserIdKind): string {
  const what = { email: 'an e-mail address', ip: 'an IP address', phone: 'a phone number', name: 'a name (an id needs a digit)' }[kind];
  return `user_id: looks like ${what}; send an opaque id (e.g. a salted hash), or set privacy.user_id: hash`;
}

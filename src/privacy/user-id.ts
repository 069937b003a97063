/**
 * user_id must be an opaque identifier. `userIdLooksLike` says whether a
 * value reads as personal data (an e-mail address, an IP address, a phone
 * number or a plain name; machine-made ids of letters only, such as
 * `anonymous` or `device-abcdef`, are opaque); `hashUserId` turns it into an opaque one with the
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

/**
 * Letters and digits together, with no `@` or `:`, cannot be an e-mail or IP
 * address (IPv4 has no letters, IPv6 needs colons), a phone number (no
 * letters) or a name (no digits): the common opaque id, decided in one pass.
 */
function plainlyOpaque(value: string): boolean {
  let letter = false;
  let digit = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 64 || c === 58) return false;
    if (c >= 48 && c <= 57) digit = true;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letter = true;
  }
  return letter && digit;
}

/**
 * A random id of letters only (a nanoid with no digit, about 3 % of them)
 * switches from lower to upper case again and again; a name, even written
 * together (JaneDoe, McAllister), does so once or twice.
 */
function randomLetters(value: string): boolean {
  if (value.length < 12) return false;
  let switches = 0;
  for (let i = 1; i < value.length; i++) {
    const before = value.charCodeAt(i - 1);
    const c = value.charCodeAt(i);
    if (before >= 97 && before <= 122 && c >= 65 && c <= 90) switches++;
  }
  return switches >= 3;
}

/** The placeholder ids SDKs and exporters send for nobody in particular. */
const PLACEHOLDERS = new Set(['anonymous', 'anon', 'guest', 'unknown']);
/** First parts of machine-made ids: `device-abcdef`, `u_otel_proto`, `anon-macbook`, `install_linux`. */
const ID_PREFIXES = new Set(['u', 'usr', 'user', 'uid', 'id', 'anon', 'anonymous', 'device', 'dev', 'install', 'installation', 'machine', 'client', 'session', 'sess', 'guest', 'test', 'otel', 'app', 'sdk', 'ci', 'bot', 'svc', 'service', 'host', 'node', 'visitor', 'tmp', 'h']);
const MACHINE = /^([a-z0-9]+)[-_][a-z0-9]+(?:[-_][a-z0-9]+)*$/;

/**
 * An id plainly made by a machine although it has no digit: a placeholder (`anonymous`), or lower-case
 * parts joined by `-` or `_` after a known id prefix (`device-abcdef`, `u_otel_proto`). `jane_doe`,
 * `anne-marie` and `Jean-Luc` are not: their first part is no id prefix.
 */
function machineMade(value: string): boolean {
  if (PLACEHOLDERS.has(value.toLowerCase())) return true;
  const prefix = MACHINE.exec(value)?.[1];
  return prefix !== undefined && ID_PREFIXES.has(prefix);
}

/** What a user_id looks like when it is not opaque; undefined for an opaque id. */
export function userIdLooksLike(value: string): UserIdKind | undefined {
  if (plainlyOpaque(value) || machineMade(value)) return undefined;
  if (value.includes('@') && EMAIL.test(value)) return 'email';
  if (isIP(value.split('%')[0] ?? value) !== 0) return 'ip';
  if (PHONE.test(value) && value.replace(/\D/g, '').length >= 7 && /[\s().+-]/.test(value)) return 'phone';
  if (NAME.test(value) && !HEX.test(value) && !randomLetters(value)) return 'name';
  return undefined;
}

/**
 * What a session_id looks like when it carries personal data: an e-mail or
 * an IP address. Only those two: session ids are often dates, counters or
 * words, which the phone and name rules would take for personal data.
 */
export function sessionIdLooksLike(value: string): 'email' | 'ip' | undefined {
  if (plainlyOpaque(value)) return undefined;
  if (value.includes('@') && EMAIL.test(value)) return 'email';
  if (isIP(value.split('%')[0] ?? value) !== 0) return 'ip';
  return undefined;
}

/** The words for a rejected session_id, naming what it looks like (never the value itself). */
export function sessionIdRejection(kind: 'email' | 'ip'): string {
  return `session_id: looks like ${kind === 'email' ? 'an e-mail address' : 'an IP address'}; send an opaque id (e.g. a random one per session), or set privacy.user_id: hash`;
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

/**
 * scrub(text, tally): the string with every piece of personal data or secret
 * replaced by a typed marker (`[email]`, `[ip]`, `[path]`, `[secret]`,
 * `[card]`, `[phone]`), each counted by type in `tally`. Pure apart from the
 * tally the caller owns.
 *
 * It runs on the ingest hot path, once per admitted string property, so one
 * pass over the characters first decides which detectors can possibly match
 * (no `@`, no e-mail; fewer than 13 digits, no card number ...). Most strings
 * run no regular expression at all and come back as the same string.
 */
import { isIPv4, isIPv6 } from 'node:net';

export const REDACTION_KINDS = ['email', 'ip', 'path', 'secret', 'card', 'phone'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** Redactions counted by type; the caller creates it and reads it afterwards. */
export type Tally = Partial<Record<RedactionKind, number>>;

export interface ScrubOptions {
  /** Apply the high-entropy rule (long random-looking tokens are secrets). Off for properties the plan declares as ids. */
  readonly entropy: boolean;
}

const DEFAULT_OPTIONS: ScrubOptions = { entropy: true };

/** What one pass over the characters found: the cheap pre-check. */
interface Shape {
  at: boolean;
  slash: boolean;
  equals: boolean;
  colons: number;
  dots: number;
  plus: boolean;
  /** The longest run of token characters, [A-Za-z0-9+/_=-]. */
  tokenRun: number;
  /** The most digits in one run of digits and separators ( .()+-), letters and other characters ending it. */
  numberRun: number;
  /** Only hex digits and dashes, with at least one letter a-f: a UUID or a hash, which holds none of the patterns. */
  hexId: boolean;
}

function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 43 || c === 47 || c === 61;
}

function shapeOf(text: string): Shape {
  const shape: Shape = { at: false, slash: false, equals: false, colons: 0, dots: 0, plus: false, tokenRun: 0, numberRun: 0, hexId: true };
  let token = 0;
  let number = 0;
  let hexLetter = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (shape.hexId) {
      const lower = c | 32;
      if (lower >= 97 && lower <= 102) hexLetter = true;
      else if (!(c >= 48 && c <= 57) && c !== 45) shape.hexId = false;
    }
    token = isTokenChar(c) ? token + 1 : 0;
    if (token > shape.tokenRun) shape.tokenRun = token;
    if (c >= 48 && c <= 57) {
      number++;
      if (number > shape.numberRun) shape.numberRun = number;
      continue;
    }
    if (c !== 32 && c !== 46 && c !== 40 && c !== 41 && c !== 43 && c !== 45) number = 0;
    if (c === 46) shape.dots++;
    else if (c === 58) shape.colons++;
    else if (c === 64) shape.at = true;
    else if (c === 47 || c === 92) shape.slash = true;
    else if (c === 43) shape.plus = true;
    else if (c === 61) shape.equals = true;
  }
  shape.hexId &&= hexLetter;
  return shape;
}

type Replacer = (match: string, group: string | undefined) => string | undefined;

/** Replaces each match the replacer accepts (returns a marker for) and counts it. */
function redact(text: string, pattern: RegExp, kind: RedactionKind, tally: Tally, accept?: Replacer): string {
  return text.replace(pattern, (match: string, group: unknown) => {
    const marker = accept ? accept(match, typeof group === 'string' ? group : undefined) : `[${kind}]`;
    if (marker === undefined) return match;
    tally[kind] = (tally[kind] ?? 0) + 1;
    return marker;
  });
}

// ---- secrets and tokens: known formats ---------------------------------------------------------

const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|$)/g;
const KNOWN_TOKENS = new RegExp(
  [
    String.raw`\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}`, // JWT: base64url JSON header, payload, signature
    String.raw`\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b`, // AWS access key ids
    String.raw`\bgh[pousr]_[A-Za-z0-9]{36,255}\b`, // GitHub tokens
    String.raw`\bgithub_pat_\w{22,255}`, // GitHub fine-grained tokens
    String.raw`\bxox[abposre]-[A-Za-z0-9-]{10,}`, // Slack tokens
    String.raw`\bhooks\.slack\.com/services/[A-Za-z0-9/]{20,}`, // Slack webhook URLs
    String.raw`\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}`, // Stripe keys
    String.raw`\bsk-[A-Za-z0-9_-]{20,}`, // OpenAI-style keys
    String.raw`\bAIza[\w-]{35}`, // Google API keys
    String.raw`\bglpat-[\w-]{20,}`, // GitLab tokens
    String.raw`\bnpm_[A-Za-z0-9]{36}\b`, // npm tokens
  ].join('|'),
  'g',
);
/** `password=hunter2`, `api_key: abc...`: the value goes, the name stays. */
const KEY_VALUE = /(\b(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|auth)\s*[=:]\s*)(?!\[)[^\s&,;'"]{4,}/gi;
/** `https://user:pass@host`: the credentials go. */
const URL_CREDENTIALS = /(:\/\/)[^\s/:@]+:[^\s/@]+@/g;
const BEARER = /(\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/-]{8,}=*/g;

function secrets(text: string, shape: Shape, tally: Tally): string {
  let out = text;
  if (shape.tokenRun >= 5 && text.includes('PRIVATE KEY')) out = redact(out, PRIVATE_KEY, 'secret', tally);
  if (shape.tokenRun >= 16) out = redact(out, KNOWN_TOKENS, 'secret', tally);
  if (shape.equals || shape.colons > 0) out = redact(out, KEY_VALUE, 'secret', tally, (_m, name) => `${name ?? ''}[secret]`);
  if (shape.at && shape.colons > 0) out = redact(out, URL_CREDENTIALS, 'secret', tally, (_m, scheme) => `${scheme ?? ''}[secret]@`);
  if (shape.tokenRun >= 8 && (text.includes('Bearer') || text.includes('Basic'))) out = redact(out, BEARER, 'secret', tally, (_m, scheme) => `${scheme ?? ''}[secret]`);
  return out;
}

// ---- e-mail, paths, IP addresses -------------------------------------------------------------------

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;

/** A home directory with the user name in it, and the rest of the path: /Users/x/..., /home/x/..., C:\Users\x\... */
const HOME_PATH = /(?<![\w.-])(?:[A-Za-z]:[\\/]+[Uu][Ss][Ee][Rr][Ss]|\/Users|\/home)[\\/]+[^\s\\/'"<>|:]+[^\s'"<>|]*/g;

const IPV4 = /(?<![\w.]|\w\.)(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)/g;
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%[\w.]+)?(?![\w:])/g;

/** Addresses that identify no one: loopback and "any". */
function anonymousAddress(address: string): boolean {
  return address.startsWith('127.') || address === '0.0.0.0' || address === '::1' || address === '::';
}

function ipv4(match: string): string | undefined {
  return isIPv4(match) && !anonymousAddress(match) ? '[ip]' : undefined;
}

function ipv6(match: string): string | undefined {
  const address = match.split('%')[0] ?? match;
  return isIPv6(address) && !anonymousAddress(address) ? '[ip]' : undefined;
}

// ---- card and phone numbers ------------------------------------------------------------------------

const CARD = /(?<![\w-])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\w-])/g;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function card(match: string): string | undefined {
  const digits = match.replace(/[ -]/g, '');
  return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? '[card]' : undefined;
}

/** +44 20 7946 0958, +1 (415) 555-0100, +14155550100 */
const PHONE_INTERNATIONAL = /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\w)/g;
/** (415) 555-0100, 415-555-0100, 415.555.0100 */
const PHONE_NORTH_AMERICA = /(?<![\w-])(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])/g;
/** 020 7946 0958, 06 12 34 56 78: a national number with a leading zero, in groups. */
const PHONE_NATIONAL = /(?<![\w.-])0\d{1,4}(?:[ -]\d{2,4}){2,4}(?![\w.-])/g;

function phone(min: number, max: number): Replacer {
  return (match) => {
    const n = match.replace(/\D/g, '').length;
    return n >= min && n <= max ? '[phone]' : undefined;
  };
}
const PHONE_8_15 = phone(8, 15);
const PHONE_10 = phone(10, 10);
const PHONE_9_11 = phone(9, 11);

// ---- long random-looking tokens ----------------------------------------------------------------------

const HEX_OR_UUID = /^[0-9a-fA-F-]+$/;

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A long token of letters and digits that reads like random bytes: it mixes
 * upper case, lower case and digits (single-case ids such as ULIDs and
 * base36 ids stay), its characters are spread out, and it has few vowels
 * (words and identifiers have about 35 %, random base64 about 15 %). Hex
 * strings and UUIDs are ids or hashes far more often than secrets: they stay.
 */
export function looksRandom(token: string): boolean {
  if (HEX_OR_UUID.test(token)) return false;
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let vowels = 0;
  for (let i = 0; i < token.length; i++) {
    const raw = token.charCodeAt(i);
    if (raw >= 65 && raw <= 90) upper++;
    else if (raw >= 97 && raw <= 122) lower++;
    else if (raw >= 48 && raw <= 57) digits++;
    const c = raw | 32; // lower-cases letters
    if (c === 97 || c === 101 || c === 105 || c === 111 || c === 117) vowels++;
  }
  // Random base64 is about 40 % upper, 40 % lower and 15 % digits; an id with a lower-case prefix is not.
  if (upper * 6 < token.length || lower * 6 < token.length || digits === 0) return false;
  const letters = upper + lower;
  return vowels / letters < 0.25 && entropy(token) >= 3.7;
}

/** The entropy rule without a regular expression: each run of token characters of 24 or more that looks random becomes [secret]. */
function randomTokens(text: string, tally: Tally): string {
  let out = '';
  let copied = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && isTokenChar(text.charCodeAt(i))) continue;
    if (i - start >= 24 && looksRandom(text.slice(start, i))) {
      out += `${text.slice(copied, start)}[secret]`;
      copied = i;
      tally.secret = (tally.secret ?? 0) + 1;
    }
    start = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

// ---- the whole ------------------------------------------------------------------------------------------

/** The text with personal data and secrets replaced by markers, counted in tally; the same string when there were none. */
export function scrub(text: string, tally: Tally, options: ScrubOptions = DEFAULT_OPTIONS): string {
  if (text.length < 6) return text;
  const shape = shapeOf(text);
  if (shape.hexId) return text;
  let out = text;
  if (text.length >= 12) out = secrets(out, shape, tally);
  if (shape.at) out = redact(out, EMAIL, 'email', tally);
  if (shape.slash && (text.includes('home') || /users/i.test(text))) out = redact(out, HOME_PATH, 'path', tally);
  if (shape.dots >= 3 && shape.numberRun >= 4) out = redact(out, IPV4, 'ip', tally, ipv4);
  if (shape.colons >= 2) out = redact(out, IPV6, 'ip', tally, ipv6);
  if (shape.numberRun >= 13) out = redact(out, CARD, 'card', tally, card);
  if (shape.numberRun >= 8) {
    if (shape.plus) out = redact(out, PHONE_INTERNATIONAL, 'phone', tally, PHONE_8_15);
    out = redact(out, PHONE_NORTH_AMERICA, 'phone', tally, PHONE_10);
    out = redact(out, PHONE_NATIONAL, 'phone', tally, PHONE_9_11);
  }
  if (options.entropy && shape.tokenRun >= 24) out = randomTokens(out, tally);
  return out;
}

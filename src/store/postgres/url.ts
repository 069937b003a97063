/**
 * PostgreSQL URLs as launchwatch shows them: with the password replaced by
 * `***` (never logged or put in an error), and the `host:port` an error
 * message names. The password itself comes from the URL or from PGPASSWORD,
 * which `pg` reads.
 */
import { LaunchwatchError } from '../../errors.js';

const DEFAULT_PORT = '5432';
const POSTGRES_SCHEMES = new Set(['postgres:', 'postgresql:']);

/** Refuses what is not a postgres:// (or postgresql://) URL; the message never repeats the URL. */
export function checkPostgresUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LaunchwatchError('invalid_request', 'the PostgreSQL URL cannot be read: give postgres://user@host:port/database');
  }
  if (!POSTGRES_SCHEMES.has(parsed.protocol)) throw new LaunchwatchError('invalid_request', 'the PostgreSQL URL must start with postgres:// or postgresql://');
}

/** The URL with its password, if any, replaced by `***`; a string that is no postgres:// URL is shown as `postgres://***`. */
export function redactedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'postgres://***';
  }
  if (!POSTGRES_SCHEMES.has(parsed.protocol)) return 'postgres://***';
  if (parsed.password !== '') parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass|secret|key/i.test(key)) parsed.searchParams.set(key, '***');
  }
  return parsed.toString();
}

/** `host:port` of the server a URL names (port 5432 when it names none), for messages. */
export function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    // postgres:///db?host=/run/postgresql names a socket directory instead of a host.
    const host = parsed.hostname === '' ? (parsed.searchParams.get('host') ?? 'localhost') : parsed.hostname;
    return `${host}:${parsed.port === '' ? DEFAULT_PORT : parsed.port}`;
  } catch {
    return 'an unreadable URL';
  }
}

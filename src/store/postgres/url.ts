/**
 * PostgreSQL URLs as launchwatch shows them: with the password replaced by
 * `***` (never logged or put in an error), and the `host:port` an error
 * message names. The password itself comes from the URL or from PGPASSWORD,
 * which `pg` reads.
 */

const DEFAULT_PORT = '5432';

/** The URL with its password, if any, replaced by `***`; a string that is no URL is shown as `postgres://***`. */
export function redactedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'postgres://***';
  }
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
    const host = parsed.hostname === '' ? 'localhost' : parsed.hostname;
    return `${host}:${parsed.port === '' ? DEFAULT_PORT : parsed.port}`;
  } catch {
    return 'an unreadable URL';
  }
}

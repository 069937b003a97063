/**
 * Channel settings hold secrets: a Slack webhook URL is a credential, so is a
 * PagerDuty routing key, a webhook's Authorization header or an SMTP
 * password. Reasons and logs name the channel and the answer, never these;
 * text from outside (a response body, an error message) is passed through
 * redact() before it is kept.
 */
import type { ChannelSpec } from '../plan/alert-types.js';

const REDACTED = '[redacted]';
/** Shorter values (ports, "true", short path parts) are not worth hiding and would mangle the text. */
const MIN_SECRET_LENGTH = 8;

function urlParts(value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  return [url.username, url.password, ...url.pathname.split('/'), ...[...url.searchParams.values()]].map(decodeSafe);
}

function decodeSafe(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function collect(value: unknown, into: string[]): void {
  if (typeof value === 'string') {
    into.push(value, ...urlParts(value));
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collect(item, into);
  }
}

/**
 * Every string in a channel's settings but its name, type and templates, and the
 * credentials and path parts of the URLs among them: over-broad on purpose.
 */
export function secretsOf(channel: ChannelSpec): string[] {
  const values: string[] = [];
  for (const [key, value] of Object.entries(channel)) {
    // Templates are the plan's own wording, not credentials.
    if (key !== 'name' && key !== 'type' && key !== 'templates') collect(value, values);
  }
  return [...new Set(values.filter((v) => v.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of each secret (longest first) with "[redacted]". */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) out = out.split(secret).join(REDACTED);
  }
  return out;
}

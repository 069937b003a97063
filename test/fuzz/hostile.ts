/**
 * Generators of hostile input for the fuzz suite (fast-check): strings and
 * numbers at the edges, JSON bodies written as text (so that keys such as
 * `__proto__` and lone surrogates reach the server as sent), query strings
 * and headers; and the checks every answer must pass.
 */
import fc from 'fast-check';
import type { Answer } from './server.js';

/** Strings that have broken servers: empty, control characters, lone surrogates, paths, injections, huge and odd numbers, times and durations at the edges, regular expressions that backtrack. */
export const EDGE_STRINGS = [
  '', ' ', '\u0000', '\ud800', 'dup-\udfff', '💥', 'é', '\u202e', '\r\n', '../../../etc/passwd', '/', '%', '%00', '%zz', "' OR 1=1 --", '"; DROP TABLE events; --',
  '<script>alert(1)</script>', '${jndi:ldap://127.0.0.1/x}', '{{7*7}}', 'a'.repeat(5000), '-1', '0', '-0', '1.5', '0x10', '1e308', '-1e308', '5e-324', 'NaN', 'Infinity',
  '99999999999999999999999', '8640000000000001', '9007199254740993', '123456789012345678901234567890', '999999999999w', '0s', '1ms', '-5m', '1.5h', '90d', '3651d',
  'true', 'false', 'null', '[]', '{}', '2026-11-22T10:00:00Z', '+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-02-30T00:00:00Z',
  '2026-W47', '2026-W99', '2026-13', '2026-11', 'json', 'md', 'html', 'github', 'open', 'all', 'firing', 'P1', 'SEV1', 'cli', 'launch',
  'alertname=~"(a+)+$"', 'alertname="x"', '{alertname="x",severity=~"P1|P2"}', 'a!~"(a|a)*b"', '(a*)*b', '(a)\\1', '(?=a)', '[', '20%', '-20%', '1000%',
];

export const EDGE_NUMBERS = [0, -0, -1, 1, 0.5, 1.7976931348623157e308, -1.7976931348623157e308, 5e-324, 2 ** 53 + 2, 2 ** 63, 1e21, 1.2345678901234568e29, 8640000000000001, 1_795_339_800_000];

/** Field names the API's bodies use, with keys that would change a prototype. */
export const FIELD_NAMES = [
  'version', 'at', 'notes', 'title', 'severity', 'components', 'commander', 'summary', 'alerts', 'started_at', 'public_update', 'by', 'text', 'public', 'status', 'eta',
  'owner', 'due_at', 'done', 'name', 'from', 'to', 'values', 'source', 'metric', 'reach', 'impact', 'confidence', 'effort', 'expected_change', 'release', 'labels',
  'annotations', 'startsAt', 'endsAt', 'generatorURL', 'matchers', 'value', 'isRegex', 'isEqual', 'createdBy', 'comment', 'id', 'user_id', 'reason', 'events', 'type',
  'timestamp', 'properties', 'resourceLogs', 'scopeLogs', 'logRecords', 'attributes', 'cli', 'alertname', '__proto__', 'constructor', 'prototype', 'toString', '',
];

/** A string, often one of the edges, sometimes any text (lone surrogates included). */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const number: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...EDGE_NUMBERS.map((n) => (Object.is(n, -0) ? '-0' : n.toString()))),
  fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '1.0e+308', '0.0000001'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.integer().map(String),
);

/** JSON text of a string, lone surrogates kept as `\uXXXX` escapes (JSON.stringify writes them so). */
const jsonText = (text: string): string => JSON.stringify(text);

/** JSON text of a value: objects with the API's field names (and `__proto__`), deep nesting, edge numbers and strings. */
export const hostileJson: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString.map(jsonText),
    number,
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...FIELD_NAMES), hostileString), tie('value')), { maxLength: 6 })
      .map((entries) => `{${entries.map(([key, value]) => `${jsonText(key)}:${value}`).join(',')}}`),
  ),
})).value;

/** A body: JSON (mostly an object or an array of objects), very deep nesting, or text that is not JSON. */
export const hostileBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: hostileJson },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '{', '{"a":1}{"b":2}', 'null', '"x"', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000', '\ufeff{}') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

export const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded',
  'application/octet-stream', 'application/x-ndjson', 'application/x-protobuf', 'multipart/form-data; boundary=x', 'application/xml', '*/*', ';', 'application/json;;',
];

/** A query string: the route's own parameters and others, each with a hostile value, sometimes repeated, sometimes not encoded. */
export function hostileQuery(names: readonly string[]): fc.Arbitrary<{ text: string; keys: string[] }> {
  const name = names.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: hostileString }) : hostileString;
  const pair = fc.tuple(name, hostileString, fc.boolean());
  return fc.array(pair, { maxLength: 4 }).map((pairs) => ({
    keys: pairs.map(([key]) => key),
    text: pairs.map(([key, value, raw]) => (raw ? `${rawish(key)}=${rawish(value)}` : `${encodeURIComponent(safe(key))}=${encodeURIComponent(safe(value))}`)).join('&'),
  }));
}

/** Text in a URL as sent unencoded where HTTP allows it (printable ASCII: %, quotes, brackets, = and & as they are), the rest encoded. */
function rawish(text: string): string {
  return text.replace(/[^\x21-\x7e]|#/gu, (c) => encodeURIComponent(safe(c)));
}

/** encodeURIComponent throws on lone surrogates: those go as their escape text. */
function safe(text: string): string {
  return (text as string & { toWellFormed(): string }).toWellFormed();
}

/** A path parameter: the real target mostly, else a hostile one, percent-encoded so the URL stays a URL. */
export function hostileParam(real: string): fc.Arbitrary<string> {
  return fc.oneof({ weight: 2, arbitrary: fc.constant(real) }, { weight: 2, arbitrary: hostileString.map((text) => encodeURIComponent(safe(text)) || '%20') }, { weight: 1, arbitrary: fc.constantFrom('%zz', '%00', '..', '%2e%2e', 'a%2Fb', '%ff') });
}

/** Headers a hostile client sends besides its token. */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.tuple(
      fc.constantFrom('accept', 'accept-encoding', 'accept-language', 'content-type', 'if-none-match', 'if-modified-since', 'range', 'x-forwarded-for', 'x-forwarded-proto', 'x-request-id', 'origin', 'cookie', 'user-agent', 'x-http-method-override', 'te', 'expect'),
      fc.oneof(fc.constantFrom('*/*', 'gzip, br', 'bytes=0-0', 'bytes=-1', '1.2.3.4, 127.0.0.1', 'https', '"etag"', 'Thu, 01 Jan 1970 00:00:00 GMT', 'DELETE', 'trailers', 'x'.repeat(4000), 'text/html;q=0.1, application/json', 'null', '100-continue'), fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''))),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => Object.fromEntries(pairs.filter(([name]) => name !== 'expect')));

/** Authorization headers that are nearly the right one. */
export function nearTokens(secret: string): fc.Arbitrary<string> {
  return fc.constantFrom(`Bearer ${secret}`, `bearer ${secret}`, `Bearer  ${secret}  `, `Bearer ${secret}x`, `Bearer ${secret.slice(0, -1)}`, `Basic ${secret}`, `Bearer`, `Bearer ${secret} ${secret}`, `${secret}`, `Bearer ${'x'.repeat(5000)}`, '');
}

/** Internals an answer must never carry: stack frames, source paths, SQL, database errors, node_modules. */
const INTERNALS = [
  /\bat [\w.<>$]+ \(/,
  /\bat (?:file:|node:|\/)/,
  /node_modules/,
  /\/work\/|\/home\/|\/tmp\/lw-|file:\/\//,
  /\.(?:ts|js|mjs|cjs):\d+/,
  /\b(?:SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b/,
  /\b(?:Binder|Parser|Catalog|Conversion|Invalid Input|Out of Range|Constraint|Transaction|Serialization|Dependency|Not implemented|INTERNAL) Error\b/,
  /\b(?:TypeError|RangeError|ReferenceError|SyntaxError): /,
  /\bFST_ERR_/,
  /Cannot read propert/,
];

export interface Asked {
  readonly route: string;
  readonly method: string;
  readonly path: string;
  /** Names the request carried (query keys, body keys, path parameters): a 400 names one of them, or says body or query. */
  readonly names: readonly string[];
  /** How long the answer may take, ms (default 2000). */
  readonly budgetMs?: number;
  /** The route answers people with pages: an error may be an HTML page whose heading says what was wrong (or the JSON error body). */
  readonly errorsAsPage?: boolean;
}

/** What is wrong with an answer, or undefined when it passes every check. */
export function problemOf(asked: Asked, answer: Answer): string | undefined {
  const what = `${asked.method} ${asked.path} → ${answer.status} in ${Math.round(answer.ms)} ms: ${answer.body.slice(0, 300)}`;
  if (answer.status >= 500) return `a 5xx: ${what}`;
  const budget = asked.budgetMs ?? 2000;
  if (answer.ms > budget) return `slower than ${budget / 1000} s: ${what}`;
  for (const pattern of INTERNALS) if (pattern.test(answer.body)) return `internals (${pattern}) in: ${what}`;
  const page = asked.errorsAsPage === true && answer.contentType.startsWith('text/html');
  if (page && answer.status >= 400 && !/<h1>[^<]+<\/h1>/.test(answer.body)) return `an error page without its heading: ${what}`;
  if (!page && answer.status >= 400 && asked.method !== 'HEAD') {
    const message = errorMessage(asked.path, answer);
    if (message === undefined) return `an error without the documented body: ${what}`;
    // The Alertmanager API names the body by what it holds, as Alertmanager does ("silence.matchers: ...", "alerts: ...").
    const names = asked.path.startsWith('/api/v2/') ? [...asked.names, 'silence', 'alerts'] : asked.names;
    if (answer.status === 400 && !namesSomething(message, names)) return `a 400 that names no field or parameter: ${what}`;
  }
  return undefined;
}

/** The message of an error body: `{ error: { code, message } }`, a JSON string under /api/v2/, a google.rpc.Status on /v1/logs. */
function errorMessage(path: string, { body, contentType }: Answer): string | undefined {
  // OTLP answers a protobuf request with a protobuf google.rpc.Status, whose message is its text.
  if (path.startsWith('/v1/logs') && contentType.startsWith('application/x-protobuf')) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (path.startsWith('/api/v2/') && typeof parsed === 'string') return parsed;
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  // OTLP answers its errors as a google.rpc.Status: { code, message, details }.
  const status = parsed as { code?: unknown; message?: unknown };
  if (path.startsWith('/v1/logs') && typeof status.code === 'number' && typeof status.message === 'string') return status.message;
  const error = (parsed as { error?: { code?: unknown; message?: unknown } }).error;
  return typeof error?.code === 'string' && typeof error.message === 'string' ? error.message : undefined;
}

function namesSomething(message: string, names: readonly string[]): boolean {
  if (/\b(?:body|query|path|Content-Type)\b/.test(message)) return true;
  return names.some((name) => name.length > 0 && /^[\w.-]+$/.test(name) && message.includes(name));
}

/** Every key of a JSON text's objects, at any depth (none when it is not JSON). */
export function keysOf(text: string): string[] {
  const keys: string[] = [];
  try {
    JSON.parse(text, function (this: unknown, key: string, value: unknown) {
      if (key !== '' && !Array.isArray(this)) keys.push(key);
      return value;
    });
  } catch {
    // Not JSON: no keys.
  }
  return keys;
}

/**
 * The three shapes of an ingest body: {"events": [...]}, a JSON array, or
 * NDJSON (one event per line). Pure.
 */

export type ParsedBody =
  | { readonly kind: 'ok'; readonly items: readonly ParsedItem[] }
  | { readonly kind: 'malformed'; readonly error: string };

/** An event as sent, or the reason its NDJSON line could not be read. */
export type ParsedItem = { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'unreadable'; readonly error: string };

function jsonError(error: unknown): string {
  return error instanceof SyntaxError ? error.message : 'invalid JSON';
}

export function parseJsonBody(text: string): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    return { kind: 'malformed', error: `body is not valid JSON: ${jsonError(error)}` };
  }
  const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null && 'events' in value ? value.events : undefined;
  if (!Array.isArray(list)) return { kind: 'malformed', error: 'body must be {"events": [...]}, a JSON array of events, or NDJSON' };
  return { kind: 'ok', items: list.map((item: unknown) => ({ kind: 'value', value: item })) };
}

export function parseNdjsonBody(text: string): ParsedBody {
  const items: ParsedItem[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    try {
      items.push({ kind: 'value', value: JSON.parse(trimmed) });
    } catch (error: unknown) {
      items.push({ kind: 'unreadable', error: `line ${i + 1}: ${jsonError(error)}` });
    }
  });
  return { kind: 'ok', items };
}

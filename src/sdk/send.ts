/**
 * One batch to the ingest endpoint, and what to do with the answer: done
 * (stored, duplicate or rejected for good: the batch leaves the queue), retry
 * at a time (429, 503, 5xx, no answer: `Retry-After` honoured, else
 * exponential backoff with jitter), or drop (an answer that will never change,
 * such as a malformed body). Pure except for the fetch.
 */
export type SendOutcome =
  | { readonly kind: 'done'; readonly accepted: number; readonly duplicates: number; readonly rejected: number }
  | { readonly kind: 'retry'; readonly retryAfterMs?: number; readonly reason: string }
  | { readonly kind: 'drop'; readonly reason: string };

/** `Retry-After` as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The delay before attempt `attempt` (1-based): 1 s doubling to at most 5 min, times a jitter in [0.5, 1), and never less than Retry-After. */
export function backoffMs(attempt: number, retryAfter: number | undefined, random: () => number = Math.random): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.max(retryAfter ?? 0, Math.round(base * (0.5 + random() / 2)));
}

export async function sendBatch(
  fetcher: typeof fetch,
  endpoint: string,
  key: string,
  lines: readonly string[],
  signal: AbortSignal,
  now: number,
): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetcher(`${endpoint.replace(/\/$/, '')}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${key}` },
      body: `${lines.join('\n')}\n`,
      signal,
    });
  } catch (error: unknown) {
    return { kind: 'retry', reason: error instanceof Error ? `no answer: ${error.name}` : 'no answer' };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) {
    try {
      const body = JSON.parse(text) as { accepted?: number; duplicates?: number; rejected?: unknown[] };
      return { kind: 'done', accepted: body.accepted ?? 0, duplicates: body.duplicates ?? 0, rejected: body.rejected?.length ?? 0 };
    } catch {
      return { kind: 'retry', reason: 'an answer that is not launchwatch’s' };
    }
  }
  const after = retryAfterMs(response.headers.get('retry-after'), now);
  if (response.status === 429 || response.status === 503 || response.status === 408 || response.status >= 500) {
    return { kind: 'retry', ...(after !== undefined ? { retryAfterMs: after } : {}), reason: `HTTP ${response.status}` };
  }
  // A key that is wrong today may be fixed by the next release of the program: keep the events.
  if (response.status === 401 || response.status === 403) return { kind: 'retry', reason: `HTTP ${response.status}: the ingest key is not accepted` };
  return { kind: 'drop', reason: `HTTP ${response.status}` };
}

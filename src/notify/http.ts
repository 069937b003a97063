/**
 * POSTing JSON to a provider and classifying its answer, shared by every HTTP
 * channel (Alertmanager's notify/util.go): 2xx sent; 408, 429, 5xx and
 * network failures retried (with the provider's Retry-After); any other
 * answer failed for good. Reasons name the channel kind and the answer, never
 * the URL or a key.
 */
import { VERSION } from '../version.js';
import { redact } from './redact.js';
import type { SendOutcome } from './types.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** How much of an error answer's body is read, and how much of it a reason keeps. */
const BODY_READ_BYTES = 2048;
const DETAIL_CHARS = 200;

export interface PostJsonRequest {
  /** Names the receiver in reasons: "slack webhook", "pagerduty", "webhook". */
  readonly label: string;
  readonly url: string;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  readonly timeoutMs?: number;
  /** Removed from any text of the answer kept in a reason (see redact.ts). */
  readonly secrets: readonly string[];
  /** The clock used to read an HTTP-date Retry-After. */
  readonly now?: () => number;
  /** A provider that says when to retry in its answer's body (Discord's `retry_after`): read when there is no Retry-After header. */
  readonly retryAfterFromBody?: (detail: string) => number | undefined;
}

/** A form-encoded POST (Twilio's REST API): the same classification as postJson. */
export interface PostFormRequest extends Omit<PostJsonRequest, 'body'> {
  readonly form: Readonly<Record<string, string>>;
}

export function postJson(request: PostJsonRequest): Promise<SendOutcome> {
  return post(request, 'application/json', JSON.stringify(request.body));
}

export function postForm(request: PostFormRequest): Promise<SendOutcome> {
  return post(request, 'application/x-www-form-urlencoded', new URLSearchParams({ ...request.form }).toString());
}

async function post(request: Omit<PostJsonRequest, 'body'>, contentType: string, body: string): Promise<SendOutcome> {
  const { label } = request;
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!URL.canParse(request.url)) return { kind: 'failed', reason: `${label} URL is not valid` };
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': contentType, 'user-agent': `launchwatch/${VERSION}`, ...request.headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([request.signal, timeout]),
    });
  } catch (error: unknown) {
    return classifyFetchError(label, error, { timedOut: timeout.aborted, timeoutMs, aborted: request.signal.aborted });
  }
  const ok = response.status >= 200 && response.status < 300;
  const detail = ok ? '' : redact(await readDetail(response), request.secrets);
  if (ok) await drain(response);
  const now = request.now ?? Date.now;
  const outcome = classifyStatus({ label, status: response.status, retryAfter: response.headers.get('retry-after'), detail, now: now() });
  if (outcome.kind !== 'retry' || outcome.retryAfterMs !== undefined || request.retryAfterFromBody === undefined) return outcome;
  const fromBody = request.retryAfterFromBody(detail);
  return fromBody === undefined ? outcome : { ...outcome, retryAfterMs: fromBody };
}

/** A 2xx answer's body larger than this is cut off rather than read: the connection is then closed, not reused. */
const DRAIN_BYTES = 64 * 1024;

/**
 * Reads a successful answer's body to its end, so that its keep-alive connection goes back to the
 * pool for the next notification (cancelling it closes the connection); a body too large is cancelled.
 */
async function drain(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  if (reader === undefined) return;
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > DRAIN_BYTES) break;
    }
  } catch {
    return;
  }
  await reader.cancel().catch(() => undefined);
}

/** The start of an error answer's body on one line, or '' if it cannot be read. */
async function readDetail(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < BODY_READ_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short still leaves the status to classify by.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, BODY_READ_BYTES));
  return text.replace(/\s+/g, ' ').trim().slice(0, DETAIL_CHARS);
}

export interface StatusAnswer {
  readonly label: string;
  readonly status: number;
  readonly retryAfter: string | null;
  /** Start of the answer's body, already redacted; '' for none. */
  readonly detail: string;
  readonly now: number;
}

/** How an HTTP answer classifies: the one rule every HTTP channel follows. */
export function classifyStatus(answer: StatusAnswer): SendOutcome {
  const { label, status } = answer;
  if (status >= 200 && status < 300) return { kind: 'sent' };
  const reason = `${label} answered ${status}${answer.detail !== '' ? `: ${answer.detail}` : ''}`;
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(answer.retryAfter, answer.now);
    return retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs };
  }
  if (status >= 300 && status < 400) return { kind: 'failed', reason: `${label} answered ${status}, a redirect, which is not followed` };
  return { kind: 'failed', reason };
}

/** Retry-After as milliseconds from `now`: delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (text === undefined || text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

interface FetchFailure {
  readonly timedOut: boolean;
  readonly timeoutMs: number;
  readonly aborted: boolean;
}

/**
 * A fetch that threw. Network failures come as TypeError('fetch failed') with
 * the system error as cause; only its code is kept, since messages can quote
 * the URL. Anything else (a header value fetch refuses) will fail again.
 */
export function classifyFetchError(label: string, error: unknown, failure: FetchFailure): SendOutcome {
  if (failure.timedOut) return { kind: 'retry', reason: `${label} did not answer within ${failure.timeoutMs} ms` };
  if (failure.aborted) return { kind: 'retry', reason: `${label} request was cancelled` };
  if (error instanceof TypeError && error.message === 'fetch failed') {
    return { kind: 'retry', reason: `${label} unreachable: ${errorCode(error.cause) ?? 'network error'}` };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return { kind: 'failed', reason: `${label} request could not be made (${name})` };
}

/** The system error code (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET…) of an error or its cause. */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 3) return undefined;
  const code: unknown = Reflect.get(error, 'code');
  if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code;
  return errorCode(Reflect.get(error, 'cause'), depth + 1);
}

/**
 * admitBody(request, plan, encoding): one POST /v1/events body from text to
 * what the store appends — read (JSON or NDJSON), each event admitted against
 * the plan, the accepted ones encoded as log lines when the store takes
 * encoded batches. Pure and self-contained (bytes, strings, plain objects and
 * typed arrays in and out), so it runs the same in the request's thread or in a
 * worker thread (admit-pool.ts).
 */
import { serverWrittenRefusal, rawType } from '../plan/server-written.js';
import type { Plan } from '../plan/types.js';
import { RedactionBatch } from '../privacy/redactions.js';
import { encodeBatch, type EncodedEvents, type LogEncoding } from '../store/duckdb/log-format.js';
import type { AdmittedEvent } from '../store/types.js';
import { admit, type Admission } from './admit.js';
import { parseJsonBody, parseNdjsonBody } from './body.js';

export interface BodyRequest {
  /** The body as received, UTF-8. */
  readonly body: Uint8Array;
  readonly ndjson: boolean;
  /** The server's clock when the request arrived, epoch ms. */
  readonly now: number;
}

/** The accepted events: encoded for the log, or as objects when the store takes only those. */
export type AdmittedBatch = { readonly kind: 'encoded'; readonly batch: EncodedEvents } | { readonly kind: 'objects'; readonly events: readonly AdmittedEvent[] };

export interface AdmittedBody {
  readonly kind: 'ok';
  /** Events in the body, good and bad. */
  readonly items: number;
  readonly admitted: AdmittedBatch;
  readonly rejected: readonly { readonly index: number; readonly error: string }[];
  /** Undeclared properties and envelope fields dropped, by name. */
  readonly dropped: Readonly<Record<string, number>>;
  /** The redaction events to store beside the accepted ones, and their counts by kind (src/privacy/redactions.ts). */
  readonly redactions: { readonly events: readonly AdmittedEvent[]; readonly byKind: Readonly<Record<string, number>> };
}

export type BodyAdmission = AdmittedBody | { readonly kind: 'malformed'; readonly error: string };

/** One event as a client sent it: refused when launchwatch itself writes its type, else admitted against the plan. */
export function admitFromClient(raw: unknown, plan: Plan, now: number): Admission {
  const refused = serverWrittenRefusal(plan, rawType(raw));
  return refused === undefined ? admit(raw, plan, now) : { kind: 'rejected', error: refused };
}

export function admitBody(request: BodyRequest, plan: Plan, encoding: LogEncoding | undefined): BodyAdmission {
  const text = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength).toString('utf8');
  const parsed = request.ndjson ? parseNdjsonBody(text) : parseJsonBody(text);
  if (parsed.kind === 'malformed') return parsed;
  const rejected: { index: number; error: string }[] = [];
  const dropped: Record<string, number> = {};
  const events: AdmittedEvent[] = [];
  const redactions = new RedactionBatch(request.now);
  parsed.items.forEach((item, index) => {
    if (item.kind === 'unreadable') {
      rejected.push({ index, error: item.error });
      return;
    }
    const result = admitFromClient(item.value, plan, request.now);
    if (result.kind === 'rejected') {
      rejected.push({ index, error: result.error });
      return;
    }
    events.push(result.event);
    for (const name of result.dropped) dropped[name] = (dropped[name] ?? 0) + 1;
    if (result.redactions) redactions.add(result.event, result.redactions);
  });
  return {
    kind: 'ok',
    items: parsed.items.length,
    admitted: encoding ? { kind: 'encoded', batch: encodeBatch(events, encoding) } : { kind: 'objects', events },
    rejected,
    dropped,
    redactions: { events: redactions.events, byKind: redactions.counts() },
  };
}

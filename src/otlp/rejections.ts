/**
 * Log records refused on POST /v1/logs, told without their content: per
 * cause (the field the refusal is about, e.g. `user_id`, `timestamp`,
 * `properties.backend`, or `no_event_name`), one warn line with the count,
 * and a counter by cause for GET /metrics. An OTLP exporter does not show
 * a partial success to anyone, so without these a refusal would be silent.
 */
import type { Logger } from 'pino';
import type { IngestCounters } from '../telemetry.js';

export interface Cause {
  /** The field the refusal is about, as a label: lower-case letters, digits, `_` and `.`; `other` otherwise. */
  readonly reason: string;
  /** The refusal's words when they quote nothing the record sent (`looks like a name (an id needs a digit)`). */
  readonly detail?: string;
}

const LABEL = /^[a-z0-9_.]{1,64}$/;

/** The cause of one refusal, with nothing of the record's content. Pure. */
export function causeOf(error: string): Cause {
  if (error.startsWith('no event name')) return { reason: 'no_event_name', detail: 'no eventName and no event name attribute' };
  const colon = error.indexOf(':');
  const field = colon > 0 ? error.slice(0, colon).trim() : '';
  const reason = LABEL.test(field) ? field : 'other';
  const words = (colon > 0 ? error.slice(colon + 1) : error).split(';')[0]?.trim() ?? '';
  // Quoted words may be the record's own values: left out.
  return words !== '' && !/["'`]/.test(words) && reason !== 'other' ? { reason, detail: words } : { reason };
}

/** The refusals of one request by cause, with their counts. Pure. */
export function rejectionCauses(rejected: readonly { readonly error: string }[]): Map<string, Cause & { count: number }> {
  const causes = new Map<string, Cause & { count: number }>();
  for (const { error } of rejected) {
    const cause = causeOf(error);
    const key = `${cause.reason}\u0000${cause.detail ?? ''}`;
    const seen = causes.get(key);
    causes.set(key, { ...cause, count: (seen?.count ?? 0) + 1 });
  }
  return causes;
}

/** Counts the refusals by cause and logs one warn line per cause with its count. */
export function noteRejectedRecords(rejected: readonly { readonly error: string }[], counters: IngestCounters, log: Pick<Logger, 'warn'>): void {
  if (rejected.length === 0) return;
  for (const cause of rejectionCauses(rejected).values()) {
    counters.rejectedLogRecords[cause.reason] = (counters.rejectedLogRecords[cause.reason] ?? 0) + cause.count;
    log.warn({ reason: cause.reason, ...(cause.detail ? { detail: cause.detail } : {}), count: cause.count }, 'OTLP log records rejected');
  }
}

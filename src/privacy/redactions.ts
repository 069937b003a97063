/**
 * The redactions of one ingest request, as `launchwatch_redaction` events
 * (one per event, property and kind, with its count) stored with the
 * request's events, and as a summary by kind for the answer. An event's
 * redaction ids derive from its own id, so a resent batch records nothing twice.
 */
import { createHash } from 'node:crypto';
import { REDACTION_EVENT } from '../plan/privacy.js';
import type { AdmittedEvent } from '../store/types.js';
import type { Redaction } from './protect.js';

export class RedactionBatch {
  readonly events: AdmittedEvent[] = [];
  private readonly byKind: Record<string, number> = {};

  constructor(private readonly now: number) {}

  add(event: AdmittedEvent, redactions: readonly Redaction[]): void {
    for (const r of redactions) {
      this.byKind[r.kind] = (this.byKind[r.kind] ?? 0) + r.count;
      const id = createHash('sha256').update(`${event.type}\u0000${event.id}\u0000${r.property}\u0000${r.kind}`).digest('hex').slice(0, 32);
      this.events.push({
        id: `r_${id}`,
        type: REDACTION_EVENT,
        ts: this.now,
        userId: null,
        sessionId: null,
        properties: { kind: r.kind, event: event.type, property: r.property, count: r.count },
      });
    }
  }

  /** The counts by kind so far. */
  counts(): Record<string, number> {
    return { ...this.byKind };
  }
}

/** A request's redactions as plain data (what crosses from an ingest worker thread). */
export interface Redactions {
  readonly events: readonly AdmittedEvent[];
  readonly byKind: Readonly<Record<string, number>>;
}

/** Adds to `byKind` the counts of the redaction events that were newly stored (`stored[i]` for `events[i]`): a resent event counts nothing twice. */
export function countStoredRedactions(events: readonly AdmittedEvent[], stored: readonly boolean[], byKind: Record<string, number>): void {
  events.forEach((event, i) => {
    if (!stored[i]) return;
    const { kind, count } = event.properties;
    if (typeof kind === 'string' && typeof count === 'number') byKind[kind] = (byKind[kind] ?? 0) + count;
  });
}

/** `{ redacted: { email: 2, ip: 1 } }` for the answer, or nothing when nothing was redacted. */
export function redactionSummary(redactions: Redactions): { redacted?: Record<string, number> } {
  return redactions.events.length > 0 ? { redacted: { ...redactions.byKind } } : {};
}

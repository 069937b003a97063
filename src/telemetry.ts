/** launchwatch's own counters, exposed by the health endpoint and later as Prometheus metrics. */

export interface IngestCounters {
  accepted: number;
  duplicates: number;
  rejectedEvents: number;
  droppedProperties: number;
  rejectedRequests: { unauthorized: number; malformed: number; rateLimited: number };
  /** Personal data and secrets replaced by markers in stored events, by kind (email, ip, path, secret, card, phone, user_id, session_id); a resent event counts nothing twice. */
  redactions: Record<string, number>;
  /** Log records refused on POST /v1/logs, by cause (src/otlp/rejections.ts): the field the refusal is about. */
  rejectedLogRecords: Record<string, number>;
}

export function newIngestCounters(): IngestCounters {
  return { accepted: 0, duplicates: 0, rejectedEvents: 0, droppedProperties: 0, rejectedRequests: { unauthorized: 0, malformed: 0, rateLimited: 0 }, redactions: {}, rejectedLogRecords: {} };
}

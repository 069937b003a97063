/**
 * OTLP log records to launchwatch events, pure: each record names a declared
 * event (its `eventName`, else the attribute the plan names, `event.name` by
 * default) and its attributes become properties. The events then go through
 * admission like any sent to POST /v1/events.
 */
import { createHash } from 'node:crypto';
import type { OtlpSettings } from '../plan/source-types.js';
import type { Scalar } from '../plan/types.js';

/** One log record with the fields launchwatch reads. */
export interface LogRecordView {
  readonly eventName: string | undefined;
  readonly timeUnixNano: string | undefined;
  readonly observedTimeUnixNano: string | undefined;
  /** Attributes with scalar values; arrays, maps and bytes are left out. */
  readonly attributes: Readonly<Record<string, Scalar>>;
}

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** An AnyValue as a scalar; undefined for arrays, maps, bytes and empty values. */
function scalar(value: unknown): Scalar | undefined {
  const v = record(value);
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (typeof v.doubleValue === 'number') return v.doubleValue;
  if (typeof v.intValue === 'string' || typeof v.intValue === 'number') {
    const n = Number(v.intValue);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

const nanos = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/** Every log record of an ExportLogsServiceRequest (OTLP/JSON shape, or protobuf decoded to it), in order. */
export function logRecordsOf(request: unknown): LogRecordView[] {
  const out: LogRecordView[] = [];
  for (const resourceLogs of list(record(request).resourceLogs)) {
    for (const scopeLogs of list(record(resourceLogs).scopeLogs)) {
      for (const raw of list(record(scopeLogs).logRecords)) {
        const r = record(raw);
        const attributes: Record<string, Scalar> = {};
        for (const kv of list(r.attributes)) {
          const { key, value } = record(kv);
          const v = scalar(value);
          if (typeof key === 'string' && v !== undefined) attributes[key] = v;
        }
        out.push({
          eventName: typeof r.eventName === 'string' && r.eventName !== '' ? r.eventName : undefined,
          timeUnixNano: nanos(r.timeUnixNano),
          observedTimeUnixNano: nanos(r.observedTimeUnixNano),
          attributes,
        });
      }
    }
  }
  return out;
}

/** Whether a body is an ExportLogsServiceRequest at all: an object whose resourceLogs, when present, is a list. */
export function isLogsRequest(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const resourceLogs = (value as Record<string, unknown>).resourceLogs;
  return resourceLogs === undefined || Array.isArray(resourceLogs);
}

/** An attribute key as a property name: lower case, every other character than a-z, 0-9 and _ as _ (`http.route` → `http_route`). */
export const propertyName = (key: string): string => key.toLowerCase().replace(/[^a-z0-9_]/g, '_');

function timeMs(view: LogRecordView): number | undefined {
  for (const ns of [view.timeUnixNano, view.observedTimeUnixNano]) {
    if (ns === undefined || !/^\d+$/.test(ns) || /^0+$/.test(ns)) continue;
    return Number(BigInt(ns) / 1_000_000n);
  }
  return undefined;
}

/**
 * The event a log record stands for, as a body of POST /v1/events would carry it, or why there is none.
 * `user.id` and `session.id` become the event's user and session; the id is derived from the record,
 * so an exporter's retry of the same records stores nothing twice.
 */
export function eventOf(view: LogRecordView, settings: OtlpSettings, now: number): { kind: 'event'; raw: Record<string, unknown> } | { kind: 'rejected'; error: string } {
  const nameAttribute = view.attributes[settings.eventNameAttribute];
  const type = view.eventName ?? (typeof nameAttribute === 'string' ? nameAttribute : undefined);
  if (type === undefined) return { kind: 'rejected', error: `no event name: the record has no eventName and no "${settings.eventNameAttribute}" attribute` };
  const properties: Record<string, Scalar> = {};
  let userId: Scalar | undefined;
  let sessionId: Scalar | undefined;
  for (const [key, value] of Object.entries(view.attributes)) {
    if (key === settings.eventNameAttribute) continue;
    const name = propertyName(key);
    if (name === 'user_id') userId = value;
    else if (name === 'session_id') sessionId = value;
    else properties[name] = value;
  }
  const id = createHash('sha256')
    .update(JSON.stringify([type, view.timeUnixNano ?? null, view.observedTimeUnixNano ?? null, Object.entries(view.attributes).sort(([a], [b]) => a.localeCompare(b))]))
    .digest('hex')
    .slice(0, 32);
  return {
    kind: 'event',
    raw: {
      id: `otlp-${id}`,
      type,
      timestamp: timeMs(view) ?? now,
      ...(userId !== undefined ? { user_id: String(userId) } : {}),
      ...(sessionId !== undefined ? { session_id: String(sessionId) } : {}),
      properties,
    },
  };
}

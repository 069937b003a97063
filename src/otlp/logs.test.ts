import { describe, expect, it } from 'vitest';
import { eventOf, isLogsRequest, logRecordsOf, propertyName } from './logs.js';
import { decodeLogsRequest, encodeLogsResponse } from './proto.js';

const SETTINGS = { eventNameAttribute: 'event.name' };
const REQUEST = {
  resourceLogs: [
    {
      scopeLogs: [
        {
          logRecords: [
            {
              timeUnixNano: '1780000000123456789',
              attributes: [
                { key: 'event.name', value: { stringValue: 'command' } },
                { key: 'http.status_code', value: { intValue: '200' } },
                { key: 'ok', value: { boolValue: true } },
                { key: 'ratio', value: { doubleValue: 0.5 } },
                { key: 'tags', value: { arrayValue: { values: [] } } },
                { key: 'user.id', value: { stringValue: 'u1' } },
              ],
            },
            { eventName: 'session_start', observedTimeUnixNano: '1780000000000000000', attributes: [] },
          ],
        },
      ],
    },
  ],
};

describe('OTLP log records to events', () => {
  it('reads every record with its scalar attributes', () => {
    const records = logRecordsOf(REQUEST);
    expect(records).toHaveLength(2);
    expect(records[0]?.attributes).toEqual({ 'event.name': 'command', 'http.status_code': 200, ok: true, ratio: 0.5, 'user.id': 'u1' });
    expect(records[1]?.eventName).toBe('session_start');
  });

  it('names the event by eventName, else the attribute, maps keys to property names, user.id to the user', () => {
    const [first, second] = logRecordsOf(REQUEST);
    const a = first ? eventOf(first, SETTINGS, 0) : undefined;
    expect(a).toMatchObject({ kind: 'event', raw: { type: 'command', timestamp: 1_780_000_000_123, user_id: 'u1', properties: { http_status_code: 200, ok: true, ratio: 0.5 } } });
    expect(second ? eventOf(second, SETTINGS, 0) : undefined).toMatchObject({ kind: 'event', raw: { type: 'session_start', timestamp: 1_780_000_000_000 } });
    expect(eventOf({ eventName: undefined, timeUnixNano: undefined, observedTimeUnixNano: undefined, attributes: {} }, SETTINGS, 5)).toEqual({
      kind: 'rejected',
      error: 'no event name: the record has no eventName and no "event.name" attribute',
    });
    expect(propertyName('HTTP.Route-Name')).toBe('http_route_name');
  });

  it('gives the same id to the same record, so a retry stores nothing twice', () => {
    const [first] = logRecordsOf(REQUEST);
    const again = first ? eventOf(first, SETTINGS, 1) : undefined;
    const once = first ? eventOf(first, SETTINGS, 2) : undefined;
    expect(once?.kind === 'event' && again?.kind === 'event' && once.raw.id === again.raw.id).toBe(true);
  });

  it('tells a logs request from other JSON', () => {
    expect([REQUEST, {}, [], 'x', { resourceLogs: {} }].map(isLogsRequest)).toEqual([true, true, false, false, false]);
  });

  it('decodes protobuf and encodes the partial-success answer', () => {
    expect(decodeLogsRequest(new Uint8Array([0x0a, 0xff]))).toMatchObject({ kind: 'malformed' });
    expect(decodeLogsRequest(new Uint8Array())).toEqual({ kind: 'ok', request: { resourceLogs: [] } });
    expect(encodeLogsResponse(undefined).length).toBe(0);
    expect(encodeLogsResponse({ rejectedLogRecords: 2, errorMessage: 'x' }).length).toBeGreaterThan(0);
  });
});

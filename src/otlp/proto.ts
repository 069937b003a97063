/**
 * The OTLP/HTTP logs messages in protobuf, decoded and encoded with protobufjs
 * from a descriptor of opentelemetry-proto v1 (logs, common, resource,
 * collector/logs): the field numbers are the protocol's; the field names are
 * OTLP/JSON's lowerCamelCase, so a decoded request has the JSON encoding's shape.
 */
import { createRequire } from 'node:module';
import type protobufModule from 'protobufjs';

const keyValues = (id: number) => ({ rule: 'repeated', type: 'KeyValue', id });

const DESCRIPTOR = {
  nested: {
    AnyValue: {
      oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
      fields: {
        stringValue: { type: 'string', id: 1 },
        boolValue: { type: 'bool', id: 2 },
        intValue: { type: 'int64', id: 3 },
        doubleValue: { type: 'double', id: 4 },
        arrayValue: { type: 'ArrayValue', id: 5 },
        kvlistValue: { type: 'KeyValueList', id: 6 },
        bytesValue: { type: 'bytes', id: 7 },
      },
    },
    ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
    KeyValueList: { fields: { values: keyValues(1) } },
    KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
    InstrumentationScope: { fields: { name: { type: 'string', id: 1 }, version: { type: 'string', id: 2 }, attributes: keyValues(3), droppedAttributesCount: { type: 'uint32', id: 4 } } },
    Resource: { fields: { attributes: keyValues(1), droppedAttributesCount: { type: 'uint32', id: 2 } } },
    LogRecord: {
      fields: {
        timeUnixNano: { type: 'fixed64', id: 1 },
        observedTimeUnixNano: { type: 'fixed64', id: 11 },
        severityNumber: { type: 'int32', id: 2 },
        severityText: { type: 'string', id: 3 },
        body: { type: 'AnyValue', id: 5 },
        attributes: keyValues(6),
        droppedAttributesCount: { type: 'uint32', id: 7 },
        flags: { type: 'fixed32', id: 8 },
        traceId: { type: 'bytes', id: 9 },
        spanId: { type: 'bytes', id: 10 },
        eventName: { type: 'string', id: 12 },
      },
    },
    ScopeLogs: { fields: { scope: { type: 'InstrumentationScope', id: 1 }, logRecords: { rule: 'repeated', type: 'LogRecord', id: 2 }, schemaUrl: { type: 'string', id: 3 } } },
    ResourceLogs: { fields: { resource: { type: 'Resource', id: 1 }, scopeLogs: { rule: 'repeated', type: 'ScopeLogs', id: 2 }, schemaUrl: { type: 'string', id: 3 } } },
    ExportLogsServiceRequest: { fields: { resourceLogs: { rule: 'repeated', type: 'ResourceLogs', id: 1 } } },
    ExportLogsPartialSuccess: { fields: { rejectedLogRecords: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } } },
    ExportLogsServiceResponse: { fields: { partialSuccess: { type: 'ExportLogsPartialSuccess', id: 1 } } },
    // google.rpc.Status and google.protobuf.Any: the body of an OTLP/HTTP error answer.
    Any: { fields: { typeUrl: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
    Status: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: { rule: 'repeated', type: 'Any', id: 3 } } },
  },
};

interface Types {
  readonly request: protobufModule.Type;
  readonly response: protobufModule.Type;
  readonly status: protobufModule.Type;
}
let types: Types | undefined;

/** The message types, built at the first protobuf body or answer: protobufjs is loaded then, not by a process that never sees one. */
function messageTypes(): Types {
  if (!types) {
    const protobuf = createRequire(import.meta.url)('protobufjs') as typeof protobufModule;
    const root = protobuf.Root.fromJSON(DESCRIPTOR);
    types = { request: root.lookupType('ExportLogsServiceRequest'), response: root.lookupType('ExportLogsServiceResponse'), status: root.lookupType('Status') };
  }
  return types;
}

/** A protobuf ExportLogsServiceRequest as a plain object in the OTLP/JSON shape (64-bit integers as strings), or the decoding error. */
export function decodeLogsRequest(bytes: Uint8Array): { kind: 'ok'; request: unknown } | { kind: 'malformed'; error: string } {
  const Request = messageTypes().request;
  try {
    const message = Request.decode(bytes);
    return { kind: 'ok', request: Request.toObject(message, { longs: String, enums: Number, bytes: String, arrays: true, defaults: false, oneofs: false }) };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unreadable';
    return { kind: 'malformed', error: `the body is not an OTLP ExportLogsServiceRequest in protobuf (${reason ?? 'unreadable'})` };
  }
}

/** An ExportLogsServiceResponse in protobuf: empty, or with its partial success. */
export function encodeLogsResponse(partial: { rejectedLogRecords: number; errorMessage: string } | undefined): Uint8Array {
  const Response = messageTypes().response;
  return Response.encode(Response.fromObject(partial ? { partialSuccess: partial } : {})).finish();
}

/** A google.rpc.Status in protobuf (no details). */
export function encodeStatus(status: { code: number; message: string }): Uint8Array {
  const Status = messageTypes().status;
  return Status.encode(Status.fromObject({ code: status.code, message: status.message })).finish();
}

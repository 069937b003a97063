/**
 * OTLP/HTTP error answers: a google.rpc.Status (`{ code, message, details }`)
 * in the request's encoding, with launchwatch's HTTP status kept. The gRPC
 * code is the one google.rpc.Code maps to that HTTP status. Pure.
 */
import type { ErrorCode } from '../errors.js';
import { encodeStatus } from './proto.js';

/** google.rpc.Code values. */
const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const PERMISSION_DENIED = 7;
const RESOURCE_EXHAUSTED = 8;
const ABORTED = 10;
const INTERNAL = 13;
const UNAVAILABLE = 14;
const UNAUTHENTICATED = 16;

const GRPC_CODES: Readonly<Record<ErrorCode, number>> = {
  invalid_request: INVALID_ARGUMENT,
  invalid_body: INVALID_ARGUMENT,
  unauthorized: UNAUTHENTICATED,
  forbidden: PERMISSION_DENIED,
  not_found: NOT_FOUND,
  conflict: ABORTED,
  payload_too_large: INVALID_ARGUMENT,
  unsupported_media_type: INVALID_ARGUMENT,
  plan_conflict: ABORTED,
  unknown_event: INVALID_ARGUMENT,
  rate_limited: RESOURCE_EXHAUSTED,
  unavailable: UNAVAILABLE,
  insufficient_storage: RESOURCE_EXHAUSTED,
  internal: INTERNAL,
};

export interface RpcStatus {
  readonly code: number;
  readonly message: string;
  readonly details: readonly never[];
}

export function rpcStatus(code: ErrorCode, message: string): RpcStatus {
  return { code: GRPC_CODES[code], message, details: [] };
}

/** The body and Content-Type of an error answer: protobuf when the request was protobuf, else JSON. */
export function statusBody(code: ErrorCode, message: string, protobuf: boolean): { contentType: string; body: Buffer | string } {
  const status = rpcStatus(code, message);
  return protobuf
    ? { contentType: 'application/x-protobuf', body: Buffer.from(encodeStatus(status)) }
    : { contentType: 'application/json; charset=utf-8', body: JSON.stringify(status) };
}

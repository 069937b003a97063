/**
 * The closed set of error codes launchwatch reports, each mapped once to an
 * HTTP status and a CLI exit code. Documented in docs/api.md.
 * Anything thrown that is not a LaunchwatchError is a bug: the edges report it
 * as `internal` without its message.
 */

export const ERROR_CODES = {
  invalid_request: { http: 400, exit: 2 },
  invalid_body: { http: 400, exit: 2 },
  unauthorized: { http: 401, exit: 3 },
  forbidden: { http: 403, exit: 3 },
  not_found: { http: 404, exit: 4 },
  conflict: { http: 409, exit: 2 },
  payload_too_large: { http: 413, exit: 2 },
  unsupported_media_type: { http: 415, exit: 2 },
  plan_conflict: { http: 409, exit: 1 },
  unknown_event: { http: 422, exit: 2 },
  rate_limited: { http: 429, exit: 5 },
  unavailable: { http: 503, exit: 5 },
  insufficient_storage: { http: 507, exit: 1 },
  internal: { http: 500, exit: 70 },
} as const satisfies Record<string, { http: number; exit: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class LaunchwatchError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LaunchwatchError';
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }
}

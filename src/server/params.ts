/**
 * The ranges numbers from a request must fall in before they reach the
 * store or `Date`: times, durations and counts. Each check names the
 * parameter and the accepted range (docs/api.md, "Ranges"). Pure.
 */
import { LaunchwatchError } from '../errors.js';
import { formatDuration, parseDuration } from '../plan/duration.js';

/** The last instant the API takes: 9999-12-31T23:59:59.999Z, the last one with a four-digit ISO-8601 year. */
export const MAX_TIME_MS = 253_402_300_799_999;

const TIME_RANGE = `1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (epoch milliseconds 0 to ${MAX_TIME_MS})`;

/** `ms` when it is an instant the API takes, else a 400 naming `field`. */
export function checkTime(ms: number, field: string): number {
  if (!Number.isSafeInteger(Math.trunc(ms)) || ms < 0 || ms > MAX_TIME_MS) {
    throw new LaunchwatchError('invalid_request', `${field}: out of range; a time is from ${TIME_RANGE}`);
  }
  return ms;
}

/** Epoch milliseconds written as digits, checked against the range. */
export function epochMs(text: string, field: string): number {
  if (!/^\d+$/.test(text)) throw new LaunchwatchError('invalid_request', `${field}: "${text.slice(0, 40)}" is not epoch milliseconds`);
  return checkTime(Number(text), field);
}

/** A duration such as 30s or 7d, from `min` to `max` milliseconds, else a 400 naming `field` and the range. */
export function durationParam(text: string, field: string, min: number, max: number): number {
  const parsed = parseDuration(text);
  if (parsed.kind === 'invalid') throw new LaunchwatchError('invalid_request', `${field}: ${parsed.reason}`);
  if (!(parsed.ms >= min && parsed.ms <= max)) {
    throw new LaunchwatchError('invalid_request', `${field}: out of range; must be from ${formatDuration(min)} to ${formatDuration(max)}`);
  }
  return parsed.ms;
}

/**
 * The demo's log, as lines for people: `launchwatch: warn: sources.github has
 * no token … (repo=acme/caro)` instead of pino's JSON, which `serve` keeps
 * for log shippers. Only the line's form changes: what is logged (and
 * redacted) is the server's.
 */
import type { DestinationStream } from 'pino';

const LEVELS: Readonly<Record<number, string>> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Fields every line has, or that say nothing to a person reading the terminal. */
const LEFT_OUT = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg', 'v']);

function shown(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  if (value !== null && typeof value === 'object' && 'message' in value && typeof value.message === 'string') return JSON.stringify(value.message);
  return JSON.stringify(value);
}

/** One pino JSON line as a line for people; a line that is not JSON is kept as it is. Pure. */
export function humanLine(json: string): string {
  let record: unknown;
  try {
    record = JSON.parse(json);
  } catch {
    return json.trimEnd();
  }
  if (record === null || typeof record !== 'object') return json.trimEnd();
  const fields = record as Record<string, unknown>;
  const level = typeof fields.level === 'number' ? (LEVELS[fields.level] ?? String(fields.level)) : 'info';
  const rest = Object.entries(fields)
    .filter(([key]) => !LEFT_OUT.has(key))
    .map(([key, value]) => `${key}=${shown(value)}`);
  return `launchwatch: ${level}: ${typeof fields.msg === 'string' ? fields.msg : ''}${rest.length ? ` (${rest.join(', ')})` : ''}`;
}

/** A pino destination writing each record as a human line through `write` (default: stderr). */
export function humanLogStream(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): DestinationStream {
  return {
    write(chunk: string): void {
      for (const json of chunk.split('\n')) if (json.trim() !== '') write(humanLine(json));
    },
  };
}

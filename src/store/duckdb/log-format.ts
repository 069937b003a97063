/**
 * The ingest log's format, pure. A segment file is a sequence of frames, one
 * per group commit: a header line `#<n>` giving the byte length n of the body,
 * then the body, n bytes of CSV lines ending in "\n". DuckDB reads a segment
 * with read_csv(comment = '#'), which skips the headers; the headers let
 * recovery cut a frame that a crash left half written.
 *
 * One CSV line per event: type, id, ts (epoch ms), user_id, session_id, then
 * `width` property columns in the table's column order (the event type's
 * layout), empty after its last property. NULL is an empty unquoted field; a
 * string is written bare when it is safe, else quoted (any of , " # CR LF, or
 * surrounding spaces) with "" for a quote, and
 * the empty string is always "" (read with allow_quoted_nulls = false).
 */
import type { Scalar } from '../../plan/types.js';
import type { AdmittedEvent } from '../types.js';

/** The stored columns of one event type after the envelope, in table order. */
export interface LogLayout {
  readonly properties: readonly string[];
}

// '#' starts a comment anywhere outside quotes for DuckDB's CSV reader.
const NEEDS_QUOTES = /[",\n\r#]/;

function text(value: string): string {
  if (value === '' || NEEDS_QUOTES.test(value) || value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}

function field(value: Scalar | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return text(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

const paddings = new Map<number, readonly string[]>();

/** The commas that end a line with `i` of `width` property columns used, by i. */
function paddingFor(width: number): readonly string[] {
  let padding = paddings.get(width);
  if (!padding) paddings.set(width, (padding = Array.from({ length: width + 1 }, (_, i) => ','.repeat(width - i))));
  return padding;
}

/** The CSV lines of the events, each ending in "\n". Every event's type must have a layout. */
export function encodeEvents(events: readonly AdmittedEvent[], layouts: ReadonlyMap<string, LogLayout>, width: number): string {
  const padding = paddingFor(width);
  let out = '';
  for (const event of events) {
    const layout = layouts.get(event.type);
    if (!layout) throw new Error(`no layout for event type "${event.type}"`);
    out += `${event.type},${text(event.id)},${Math.round(event.ts)},${field(event.userId)},${field(event.sessionId)}`;
    const properties = layout.properties;
    for (let i = 0; i < properties.length; i++) out += `,${field(event.properties[properties[i] ?? ''])}`;
    out += `${padding[properties.length] ?? ''}\n`;
  }
  return out;
}

/** One frame: the header line and the body. */
export function frame(body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`#${body.length}\n`, 'latin1'), body]);
}

const ZERO = 0x30;
const NINE = 0x39;
const HASH = 0x23;
const NEWLINE = 0x0a;

/**
 * The length of the longest prefix of `data` made of whole frames, and how
 * many frames it holds. Whatever follows is a frame a crash cut short.
 */
export function wholeFrames(data: Uint8Array): { bytes: number; frames: number } {
  let at = 0;
  let frames = 0;
  for (;;) {
    if (at >= data.length || data[at] !== HASH) return { bytes: at, frames };
    let i = at + 1;
    let length = 0;
    while (i < data.length && (data[i] ?? 0) >= ZERO && (data[i] ?? 0) <= NINE && i - at <= 16) {
      length = length * 10 + ((data[i] ?? ZERO) - ZERO);
      i++;
    }
    if (i === at + 1 || i >= data.length || data[i] !== NEWLINE) return { bytes: at, frames };
    const end = i + 1 + length;
    if (end > data.length || (length > 0 && data[end - 1] !== NEWLINE)) return { bytes: at, frames };
    at = end;
    frames++;
  }
}

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
import { LaunchwatchError } from '../../errors.js';
import type { AdmittedEvent, AppendResult } from '../types.js';
import { hashId } from './id-set.js';

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

/** One event's CSV line, ending in "\n". */
function line(event: AdmittedEvent, layout: LogLayout, padding: readonly string[]): string {
  let out = `${event.type},${text(event.id)},${Math.round(event.ts)},${field(event.userId)},${field(event.sessionId)}`;
  const properties = layout.properties;
  for (let i = 0; i < properties.length; i++) out += `,${field(event.properties[properties[i] ?? ''])}`;
  return `${out}${padding[properties.length] ?? ''}\n`;
}

function layoutOf(layouts: ReadonlyMap<string, LogLayout>, type: string): LogLayout {
  const layout = layouts.get(type);
  if (!layout) throw new LaunchwatchError('unknown_event', `event type "${type}" is not prepared`);
  return layout;
}

/** The CSV lines of the events, each ending in "\n". Every event's type must have a layout. */
export function encodeEvents(events: readonly AdmittedEvent[], layouts: ReadonlyMap<string, LogLayout>, width: number): string {
  const padding = paddingFor(width);
  let out = '';
  for (const event of events) out += line(event, layoutOf(layouts, event.type), padding);
  return out;
}

/** What encoding needs to know of the tables. Plain data: a worker thread holds a copy (src/ingest/admit-pool.ts). */
export interface LogEncoding {
  /** The stored property columns of each event type, in table order. */
  readonly layouts: ReadonlyMap<string, LogLayout>;
  /** The number of property columns of a line: the widest layout's. */
  readonly width: number;
}

/**
 * A batch of events as log lines, with what deduplication needs of each
 * (type, id, time, hash). Strings and typed arrays only, so it crosses from a
 * worker thread cheaply (the lines' bytes are moved, not copied); event i's id
 * is ids.slice(idEnds[i - 1] ?? 0, idEnds[i]).
 */
export interface EncodedEvents {
  readonly count: number;
  /** The encoding's width the lines were written with: a plan reload may widen the log's lines before the batch is appended. */
  readonly width: number;
  /** The distinct event types of the batch; typeOf[i] indexes it. */
  readonly typeNames: readonly string[];
  readonly typeOf: Uint16Array;
  readonly ids: string;
  readonly idEnds: Uint32Array;
  /** Event times, epoch ms. */
  readonly ts: Float64Array;
  /** hashId(type, id) of event i at [2i], [2i + 1] (src/store/duckdb/id-set.ts). */
  readonly hashes: Uint32Array;
  /** The lines in UTF-8, ready for the log. */
  readonly lines: Uint8Array;
  /** Where each line ends in the lines as a string (lineAt). */
  readonly lineEnds: Uint32Array;
}

/** An event store that takes batches encoded ahead of the commit, perhaps in another thread (the embedded store). */
export interface EncodedAppend {
  /** How to encode: fixed once the store is prepared. */
  encoding(): LogEncoding;
  /** Stores the batches as one commit; `stored` runs over their events in order. */
  appendEncoded(batches: readonly EncodedEvents[]): Promise<AppendResult>;
}

/** Encodes the events as log lines with their deduplication keys. Every event's type must have a layout. */
export function encodeBatch(events: readonly AdmittedEvent[], encoding: LogEncoding): EncodedEvents {
  const count = events.length;
  const padding = paddingFor(encoding.width);
  const typeNames: string[] = [];
  const typeIndex = new Map<string, number>();
  const typeOf = new Uint16Array(count);
  const idEnds = new Uint32Array(count);
  const ts = new Float64Array(count);
  const hashes = new Uint32Array(count * 2);
  const lineEnds = new Uint32Array(count);
  let ids = '';
  let lines = '';
  for (let i = 0; i < count; i++) {
    const event = events[i];
    if (!event) continue;
    const layout = layoutOf(encoding.layouts, event.type);
    let t = typeIndex.get(event.type);
    if (t === undefined) {
      t = typeNames.push(event.type) - 1;
      typeIndex.set(event.type, t);
    }
    typeOf[i] = t;
    ids += event.id;
    idEnds[i] = ids.length;
    ts[i] = event.ts;
    hashId(event.type, event.id, hashes, 2 * i);
    lines += line(event, layout, padding);
    lineEnds[i] = lines.length;
  }
  return { count, width: encoding.width, typeNames, typeOf, ids, idEnds, ts, hashes, lines: Buffer.from(lines, 'utf8'), lineEnds };
}

/** Event i's id. */
export function idAt(batch: EncodedEvents, i: number): string {
  return batch.ids.slice(i === 0 ? 0 : (batch.idEnds[i - 1] ?? 0), batch.idEnds[i] ?? 0);
}

/** Event i's type. */
export function typeAt(batch: EncodedEvents, i: number): string {
  return batch.typeNames[batch.typeOf[i] ?? 0] ?? '';
}

/** The batch's lines as a string (the rare paths that need single lines decode them). */
export function linesText(batch: EncodedEvents): string {
  return Buffer.from(batch.lines.buffer, batch.lines.byteOffset, batch.lines.byteLength).toString('utf8');
}

/** Event i's line, from linesText(batch). */
export function lineAt(batch: EncodedEvents, text: string, i: number): string {
  return text.slice(i === 0 ? 0 : (batch.lineEnds[i - 1] ?? 0), batch.lineEnds[i] ?? 0);
}

/** The ArrayBuffers a batch may give up when it is posted to another thread: each one the batch's arrays use whole. */
export function transferables(batch: EncodedEvents): ArrayBuffer[] {
  const arrays = [batch.typeOf, batch.idEnds, batch.ts, batch.hashes, batch.lines, batch.lineEnds];
  const out: ArrayBuffer[] = [];
  for (const a of arrays) {
    if (a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && !out.includes(a.buffer)) out.push(a.buffer);
  }
  return out;
}

/** The header line of a frame whose body is `length` bytes. */
export function frameHeader(length: number): Buffer {
  return Buffer.from(`#${length}\n`, 'latin1');
}

/** One frame: the header line and the body. */
export function frame(body: Buffer): Buffer {
  return Buffer.concat([frameHeader(body.length), body]);
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

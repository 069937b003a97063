/**
 * The export file: what a user can read before sending it by hand. NDJSON:
 * a header line, one line per event exactly as it would be sent, and a
 * trailer with the count and the SHA-256 of the event lines, so a file damaged
 * or edited after export is refused at import. Node built-ins only; shared by
 * the SDK (writing) and `launchwatch import` (reading).
 */
import { createHash } from 'node:crypto';

export const EXPORT_FORMAT = 'launchwatch-export';

export interface ExportHeader {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: 1;
  readonly app: string;
  readonly app_version: string;
  readonly created_at: string;
  readonly events: number;
}

export interface ExportTrailer {
  readonly sha256: string;
  readonly events: number;
}

export function checksum(eventLines: readonly string[]): string {
  const hash = createHash('sha256');
  for (const line of eventLines) hash.update(line).update('\n');
  return hash.digest('hex');
}

/** The file's text for these event lines (each one JSON object, as sent). */
export function exportText(header: Omit<ExportHeader, 'format' | 'version' | 'events'>, eventLines: readonly string[]): string {
  const head: ExportHeader = { format: EXPORT_FORMAT, version: 1, ...header, events: eventLines.length };
  const trailer: ExportTrailer = { sha256: checksum(eventLines), events: eventLines.length };
  return [JSON.stringify(head), ...eventLines, JSON.stringify(trailer)].join('\n') + '\n';
}

/** One event line of a file to import, with its line number (1-based). */
export interface ImportLine {
  readonly line: number;
  readonly event: Record<string, unknown>;
}

export type ReadResult =
  | {
      readonly kind: 'ok';
      readonly format: 'export' | 'ndjson';
      readonly header?: ExportHeader;
      readonly events: readonly ImportLine[];
      /** Plain NDJSON only: the lines that are not a JSON object, by number; the others are imported. */
      readonly bad?: readonly { readonly line: number; readonly reason: string }[];
    }
  | { readonly kind: 'refused'; readonly line: number; readonly reason: string };

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads an export file (checked against its trailer) or plain NDJSON (one
 * event per line). In an export, any line that is not a JSON object refuses
 * the whole file, naming the line: nothing is imported from a file that is
 * not what it claims. In plain NDJSON, such a line is listed in `bad` and the
 * other lines are read, as POST /v1/events takes the good events of a batch.
 */
export function readImportFile(text: string): ReadResult {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const first = lines[0] === undefined ? undefined : parseObject(lines[0]);
  if (first?.format !== EXPORT_FORMAT) {
    const events: ImportLine[] = [];
    const bad: { line: number; reason: string }[] = [];
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i] ?? '';
      if (raw.trim() === '') continue;
      const event = parseObject(raw);
      if (event) events.push({ line: i + 1, event });
      else bad.push({ line: i + 1, reason: 'not a JSON object (each line of an NDJSON file is one event)' });
    }
    return { kind: 'ok', format: 'ndjson', events, ...(bad.length ? { bad } : {}) };
  }
  const header = first as unknown as ExportHeader;
  if (header.version !== 1) return { kind: 'refused', line: 1, reason: `export format version ${String(header.version)} is not supported (this launchwatch reads version 1)` };
  if (lines.length < 2) return { kind: 'refused', line: 1, reason: 'the file ends after its header: it was cut short' };
  const trailer = parseObject(lines[lines.length - 1] ?? '');
  const last = lines.length;
  if (!trailer || typeof trailer.sha256 !== 'string' || typeof trailer.events !== 'number') {
    return { kind: 'refused', line: last, reason: 'the last line is not the export trailer ({"sha256", "events"}): the file was cut short or edited' };
  }
  const eventLines = lines.slice(1, -1);
  if (eventLines.length !== trailer.events || eventLines.length !== header.events) {
    return { kind: 'refused', line: last, reason: `the file holds ${eventLines.length} event line(s) but says ${trailer.events}: lines were added or removed after export` };
  }
  const events: ImportLine[] = [];
  for (let i = 0; i < eventLines.length; i++) {
    const event = parseObject(eventLines[i] ?? '');
    if (!event) return { kind: 'refused', line: i + 2, reason: 'not a JSON object: the file is damaged' };
    events.push({ line: i + 2, event });
  }
  if (checksum(eventLines) !== trailer.sha256) {
    return { kind: 'refused', line: last, reason: 'checksum mismatch: the events were changed after export (or the file is damaged); nothing was imported' };
  }
  return { kind: 'ok', format: 'export', header, events };
}

/**
 * iCalendar (RFC 5545) feeds of on-call shifts: one VEVENT per shift, times
 * in UTC, text escaped (§3.3.11) and lines folded at 75 octets (§3.1), CRLF
 * line ends. A shift's UID is made of the schedule, the person and the
 * shift's start, so a calendar app sees the same event each time it
 * refreshes the feed. Pure.
 */
import { onCallAt, type Shift } from './rotation.js';
import type { Schedule } from '../plan/oncall-types.js';

export interface CalendarEvent {
  readonly uid: string;
  readonly start: number;
  readonly end: number;
  readonly summary: string;
  readonly description: string;
}

/** The shifts of a schedule that overlap [from, to), at most `limit`; spans nobody holds are left out. */
export function shiftsBetween(schedule: Schedule, from: number, to: number, limit = 500): Shift[] {
  const shifts: Shift[] = [];
  for (let at = from; at < to && shifts.length < limit; ) {
    const shift = onCallAt(schedule, at);
    if (shift.person !== null) shifts.push(shift);
    at = shift.shiftEnd;
  }
  return shifts;
}

/** TEXT value escaping: backslash, semicolon, comma and newlines. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line at 75 octets (UTF-8), never inside a character; continuation lines start with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const max = parts.length === 0 ? 75 : 74; // a continuation line's leading space counts
    if (octets + size > max) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** 20261224T090000Z */
export function icalTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** A whole VCALENDAR with its events. */
export function calendarText(name: string, events: readonly CalendarEvent[], now: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//launchwatch//on-call//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${icalTime(now)}`,
      `DTSTART:${icalTime(e.start)}`,
      `DTEND:${icalTime(e.end)}`,
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

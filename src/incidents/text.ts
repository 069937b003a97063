/** Words for times and durations in incident documents (post-mortem, messages). Pure; always UTC. */

/** `2026-11-20 12:03 UTC`. */
export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `12:03`, the time of day in UTC. */
export function utcTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** `2026-11-20`. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
] as const;

/** The largest unit and the next, e.g. `1 hour 5 minutes`, `2 days 3 hours`, `1 hour`, `45 seconds`; under a second is `0 seconds`. */
export function humanDuration(ms: number): string {
  const rounded = Math.max(0, Math.round(ms / 1000) * 1000);
  const first = UNITS.findIndex(([, size]) => rounded >= size);
  if (first < 0) return '0 seconds';
  let rest = rounded;
  const parts: string[] = [];
  for (const [unit, size] of UNITS.slice(first, first + 2)) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.join(' ');
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** Durations in the plan: `30s`, `5m`, `24h`, `7d`, `2w`; also `0s`. */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

export type DurationResult = { kind: 'ok'; ms: number } | { kind: 'invalid'; reason: string };

export function parseDuration(text: string): DurationResult {
  const match = DURATION.exec(text.trim());
  if (!match) {
    return { kind: 'invalid', reason: `"${text}" is not a duration (expected a number and a unit: ms, s, m, h, d or w, e.g. 30s, 5m, 24h, 7d)` };
  }
  const unit = match[2] as keyof typeof UNIT_MS;
  return { kind: 'ok', ms: Number(match[1]) * UNIT_MS[unit] };
}

/** Shortest exact spelling in days, hours, minutes or seconds, e.g. 604_800_000 -> "7d". */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit];
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

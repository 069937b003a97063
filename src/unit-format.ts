/**
 * Values in their unit, words for counts and changes: the one formatter the
 * server (CLI, reports, alert texts) and the dashboard (web/lib/format.ts)
 * share, so a value reads the same everywhere. Pure, and it imports nothing,
 * so the browser build can take it.
 */

/**
 * One decimal in the middle of the scale; near 0 % and 100 % as many as it
 * takes not to round onto the edge (0.09 % stays 0.09 %, 99.95 % never reads 100 %).
 */
function formatPercent(percent: number): string {
  if (percent === 0 || Math.abs(percent) === 100) return String(percent);
  for (let decimals = 1; decimals < 6; decimals++) {
    const text = percent.toFixed(decimals);
    const rounded = Number(text);
    if (rounded !== 0 && Math.abs(rounded) !== 100 && (Math.abs(percent) >= 1 || decimals >= 2)) return text;
  }
  return percent.toPrecision(2);
}

/** A long time in milliseconds as people say it: 12.5 s, 10m, 1h 5m, 2d 3h. */
function formatLongDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(1)} s`;
  const units: readonly [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]];
  const index = Math.max(0, units.findIndex(([, size]) => abs >= size));
  const [bigName, bigSize] = units[index] ?? ['m', 60_000];
  const next = units[index + 1];
  if (!next) return `${sign}${Math.round(abs / bigSize)}${bigName}`;
  // Rounded in the smaller unit first, so 1h 59.7m reads 2h, never 1h 60m.
  const total = Math.round(abs / next[1]);
  const ratio = bigSize / next[1];
  const big = Math.floor(total / ratio);
  const small = total % ratio;
  return small > 0 ? `${sign}${big}${bigName} ${small}${next[0]}` : `${sign}${big}${bigName}`;
}

/** A value in its unit: percent values are fractions (0.862 → 86.2%), ms from 10 s as people say a time; – for no value. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '–';
  if (unit === 'percent') return `${formatPercent(value * 100)}%`;
  if (unit === 'ms' && Math.abs(value) >= 10_000) return formatLongDuration(value);
  if (unit === 'count') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  const rounded = Number.isInteger(value) || Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
  return unit && unit !== 'count' ? `${rounded} ${unit}` : rounded;
}

/** `1 incident`, `2 incidents`; the plural given when it is not the word and an s. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/**
 * A signed change as few decimals as show it: one decimal, more when one would
 * read 0.0 (−0.04, never −0.0); the minus sign is U+2212.
 */
export function signedAmount(amount: number): string {
  const sign = amount > 0 ? '+' : amount < 0 ? '−' : '±';
  const abs = Math.abs(amount);
  if (abs === 0) return `${sign}0.0`;
  for (let decimals = 1; decimals < 6; decimals++) {
    const text = abs.toFixed(decimals);
    if (Number(text) !== 0) return `${sign}${text}`;
  }
  return `${sign}${abs.toPrecision(1)}`;
}

/** A change in percentage points of a percent value (fractions: 0.02 → `+2.0 pp`). */
export function formatPoints(delta: number): string {
  return `${signedAmount(delta * 100)} pp`;
}

/** A relative change (0.125 → `+12.5%`). */
export function formatRelative(ratio: number): string {
  return `${signedAmount(ratio * 100)}%`;
}

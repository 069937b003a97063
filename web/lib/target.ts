/**
 * A metric's target as the API writes it (">= 86%", "< 100", "20%..30%"),
 * read back into numbers in the metric's own scale: percentages become
 * fractions, as percent values are. Pure.
 */
export type Bound = { readonly kind: 'above'; readonly value: number; readonly inclusive: boolean } | { readonly kind: 'below'; readonly value: number; readonly inclusive: boolean } | { readonly kind: 'range'; readonly low: number; readonly high: number };

function number(text: string): number | undefined {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  return match[2] === '%' ? value / 100 : value;
}

export function parseBound(text: string): Bound | undefined {
  const range = /^(.+)\.\.(.+)$/.exec(text);
  if (range) {
    const low = number(range[1] ?? '');
    const high = number(range[2] ?? '');
    return low === undefined || high === undefined ? undefined : { kind: 'range', low, high };
  }
  const op = /^\s*(>=|<=|>|<)\s*(.+)$/.exec(text);
  if (!op) return undefined;
  const value = number(op[2] ?? '');
  if (value === undefined) return undefined;
  const inclusive = op[1]?.length === 2;
  return op[1]?.startsWith('>') ? { kind: 'above', value, inclusive } : { kind: 'below', value, inclusive };
}

/** Which way is better: up for "at least", down for "at most", none for a range. */
export function betterWay(bound: Bound | undefined): 'up' | 'down' | 'none' {
  if (!bound || bound.kind === 'range') return 'none';
  return bound.kind === 'above' ? 'up' : 'down';
}

/**
 * How far a value has come towards the green target, from 0 to 1 (1 = met).
 * "At least x": value / x. "At most x": met at or under x, else x / value.
 * A range: met inside, else the nearer bound's ratio. Undefined without a value or target.
 */
export function progress(value: number | null, bound: Bound | undefined): number | undefined {
  if (value === null || !bound) return undefined;
  const clamp = (n: number): number => Math.max(0, Math.min(1, n));
  switch (bound.kind) {
    case 'above':
      if (bound.value <= 0) return value >= bound.value ? 1 : 0;
      return clamp(value / bound.value);
    case 'below':
      if (value <= bound.value) return 1;
      return value <= 0 ? 0 : clamp(bound.value / value);
    case 'range':
      if (value >= bound.low && value <= bound.high) return 1;
      if (value < bound.low) return bound.low <= 0 ? 0 : clamp(value / bound.low);
      return value <= 0 ? 0 : clamp(bound.high / value);
  }
}

/** The band [low, high] the green target draws on a chart whose data reaches `max`. */
export function band(bound: Bound, max: number): { low: number; high: number } {
  switch (bound.kind) {
    case 'above':
      return { low: bound.value, high: Math.max(max, bound.value) * 1.05 };
    case 'below':
      return { low: 0, high: bound.value };
    case 'range':
      return { low: bound.low, high: bound.high };
  }
}

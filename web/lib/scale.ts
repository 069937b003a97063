/**
 * The value axis of a chart, pure: from zero (or the lowest value, when below
 * zero) up to the highest of the values, zero and the tops that must show
 * (targets, guides), and never an empty span: a chart whose only values sit
 * below zero (an overspent budget) or all at zero still gets an axis.
 */
export function valueRange(min: number | null, max: number | null, tops: readonly number[] = []): [number, number] {
  const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);
  const low = Math.min(0, ...[min].filter(finite));
  const high = Math.max(0, ...[max, ...tops].filter(finite));
  return [low, high > low ? high : low + 1];
}

/**
 * Axis tick labels in the metric's unit with enough precision that no two
 * ticks read the same (never `0.1% 0.1% 0.0%`): the shared formatter's text
 * when it tells them apart, else as many decimals as the tick spacing needs.
 */
import { formatValue } from '../../src/unit-format.js';

function distinct(labels: readonly string[]): boolean {
  return labels.every((label, i) => i === 0 || label !== labels[i - 1]);
}

function fixed(tick: number, unit: string, decimals: number): string {
  if (unit === 'percent') return `${(tick * 100).toFixed(decimals)}%`;
  const text = tick.toFixed(decimals);
  return unit && unit !== 'count' ? `${text} ${unit}` : text;
}

export function tickLabels(ticks: readonly number[], unit: string): string[] {
  const labels = ticks.map((t) => formatValue(t, unit));
  if (distinct(labels)) return labels;
  for (let decimals = 0; decimals <= 8; decimals++) {
    const precise = ticks.map((t) => fixed(t, unit, decimals));
    if (distinct(precise)) return precise;
  }
  return ticks.map((t) => fixed(t, unit, 8));
}

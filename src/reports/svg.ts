/**
 * Small inline SVG charts for reports: a sparkline of daily values and a bar
 * of status counts. Numbers only go into attributes; every text is escaped.
 * Pure.
 */
import { escapeMarkup as e } from '../status/escape.js';

const round = (n: number): string => String(Math.round(n * 10) / 10);

/**
 * A line through the known points (a gap where a day has no value), scaled to the values' own
 * range; a lone point is drawn as a dot. Empty string when no day has a value.
 */
export function sparkline(values: readonly (number | null)[], options: { width?: number; height?: number; colour?: string; label: string }): string {
  const width = options.width ?? 96;
  const height = options.height ?? 24;
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return '';
  const min = Math.min(...known);
  const max = Math.max(...known);
  const pad = 2;
  const x = (i: number): number => (values.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (values.length - 1));
  const y = (v: number): number => (max === min ? height / 2 : height - pad - ((v - min) * (height - 2 * pad)) / (max - min));
  const runs: string[][] = [];
  let run: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length) runs.push(run);
      run = [];
    } else {
      run.push(`${round(x(i))},${round(y(v))}`);
    }
  });
  if (run.length) runs.push(run);
  const colour = e(options.colour ?? '#0969da');
  const shapes = runs.map((points) => {
    if (points.length === 1) {
      const [cx, cy] = (points[0] ?? '0,0').split(',');
      return `<circle cx="${cx}" cy="${cy}" r="1.8" fill="${colour}"/>`;
    }
    return `<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${e(options.label)}"><title>${e(options.label)}</title>${shapes.join('')}</svg>`;
}

/** A horizontal bar split by counts, e.g. metrics by status. Empty string when every count is 0. */
export function stackedBar(parts: readonly { readonly count: number; readonly colour: string }[], options: { width?: number; height?: number; label: string }): string {
  const width = options.width ?? 240;
  const height = options.height ?? 12;
  const total = parts.reduce((a, p) => a + p.count, 0);
  if (total === 0) return '';
  let offset = 0;
  const rects = parts
    .filter((p) => p.count > 0)
    .map((p) => {
      const w = (p.count / total) * width;
      const rect = `<rect x="${round(offset)}" y="0" width="${round(w)}" height="${height}" fill="${e(p.colour)}"/>`;
      offset += w;
      return rect;
    });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${e(options.label)}"><title>${e(options.label)}</title>${rects.join('')}</svg>`;
}

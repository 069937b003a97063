/**
 * What a chart of a metric draws: a line for the metric and one per group,
 * each with the target that applies to it (a group's own target, else the
 * metric's), and how the targets are shown: one shaded band when every line
 * with a target shares it, else each line's own threshold. Pure.
 */
import type { MetricResult } from '../../src/metrics/result.js';
import type { Point, Series } from '../data/metrics.js';
import { groupLabel } from './format.js';
import { parseBound, type Bound } from './target.js';

export interface ChartLine {
  readonly label: string;
  readonly points: readonly Point[];
  /** The green target that applies to this line's values, if any. */
  readonly target?: string;
  readonly bound?: Bound;
}

function withTarget(label: string, points: readonly Point[], target: string | undefined): ChartLine {
  const bound = target === undefined ? undefined : parseBound(target);
  return { label, points, ...(target !== undefined && bound ? { target, bound } : {}) };
}

/** The lines of a metric's series; `overall` false leaves out the metric's own line when it has groups. */
export function chartLines(series: Series, metric: MetricResult, overall = true): ChartLine[] {
  const own = metric.target?.green;
  const lines: ChartLine[] = [];
  if (series.points.length > 0 && (overall || series.groups.length === 0)) lines.push(withTarget(metric.title, series.points, own));
  for (const g of series.groups) {
    const label = groupLabel(g.group);
    const current = metric.groups.find((r) => groupLabel(r.group) === label);
    lines.push(withTarget(label, g.points, current?.target?.green ?? own));
  }
  return lines;
}

/**
 * What chartLines reads of a metric (its title, its target, each group's target), as text: the same for the
 * copies of a metric that live updates bring while none of those changes, so a chart is drawn again only when they do.
 */
export function chartKey(metric: MetricResult): string {
  return JSON.stringify([metric.title, metric.target?.green ?? null, metric.groups.map((g) => [groupLabel(g.group), g.target?.green ?? null])]);
}

export type TargetDrawing = { readonly kind: 'none' } | { readonly kind: 'band'; readonly bound: Bound; readonly target: string } | { readonly kind: 'per_line' };

/** One band when every line with a target has the same one; each line's own threshold when they differ. */
export function targetDrawing(lines: readonly ChartLine[]): TargetDrawing {
  const targets = [...new Set(lines.flatMap((l) => (l.target === undefined ? [] : [l.target])))];
  if (targets.length === 0) return { kind: 'none' };
  const first = lines.find((l) => l.bound);
  if (targets.length === 1 && first?.bound && first.target !== undefined) return { kind: 'band', bound: first.bound, target: first.target };
  return { kind: 'per_line' };
}

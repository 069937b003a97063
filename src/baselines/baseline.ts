/** Building baselines: from measurements over a range, or from values entered by hand. Pure. */
import { baselineNumber } from '../plan/baselines.js';
import type { MetricSpec } from '../plan/types.js';
import type { Measurement } from '../store/types.js';
import type { Baseline, BaselineValue } from './types.js';

/** A baseline measured over a range: every metric's value, and its groups' values. */
export function measuredBaseline(name: string, range: { from: number; to: number }, measured: readonly { metric: MetricSpec; measurement: Measurement }[], now: number): Baseline {
  const values: Record<string, BaselineValue> = {};
  for (const { metric, measurement } of measured) {
    values[metric.id] = { value: measurement.value, events: measurement.events, groups: measurement.groups.map((g) => ({ group: g.group, value: g.value })) };
  }
  return { name, source: 'measured', range: { from: range.from, to: range.to }, takenAt: now, values };
}

/**
 * Values entered by hand ("command_success_rate=94.8%") added to a baseline:
 * a baseline measured over a range becomes one entered by hand (its range is
 * dropped), and values given again replace the earlier ones.
 */
export function withValues(existing: Baseline | undefined, name: string, values: Readonly<Record<string, number>>, source: string, now: number): Baseline {
  const kept = existing && existing.range === null ? existing.values : {};
  const added = Object.fromEntries(Object.entries(values).map(([metric, value]) => [metric, { value, events: null, groups: [] } satisfies BaselineValue]));
  return { name, source, range: null, takenAt: now, values: { ...kept, ...added } };
}

export type ParsedValues = { kind: 'ok'; values: Record<string, number> } | { kind: 'invalid'; reason: string };

/** `["command_success_rate=94.8%", "p95=1800"]`, against the plan's metrics when given (the CLI leaves that to the server). */
export function parseAssignments(items: readonly string[], metrics?: readonly MetricSpec[]): ParsedValues {
  const known = metrics && new Set(metrics.map((m) => m.id));
  const values: Record<string, number> = {};
  for (const item of items) {
    const match = /^([a-z][a-z0-9_]*)=(-?\d+(?:\.\d+)?%?)$/.exec(item.trim());
    if (!match) return { kind: 'invalid', reason: `"${item}" is not metric=value (e.g. command_success_rate=94.8% or p95_latency=1800)` };
    const [, metric = '', value = ''] = match;
    if (known && !known.has(metric)) return { kind: 'invalid', reason: `no metric "${metric}" in the plan (metrics: ${[...known].join(', ') || 'none'})` };
    values[metric] = baselineNumber(value);
  }
  if (Object.keys(values).length === 0) return { kind: 'invalid', reason: 'give at least one metric=value' };
  return { kind: 'ok', values };
}

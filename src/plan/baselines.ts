/**
 * The baselines vocabulary: named snapshots of metric values the present is
 * compared with (regression alerts, reports). A baseline is a time range
 * (measured once the range has passed) or values entered by hand, e.g. a test
 * suite's results. Shapes (zod) and meaning (times, metric ids), returning every issue.
 *
 *   baselines:
 *     launch: { from: 2026-11-13T00:00:00Z, to: 2026-11-20T00:00:00Z }
 *     test_suite: { source: test suite, values: { command_success_rate: 94.8%, generation_latency_p95: 1800 } }
 */
import { z } from 'zod';
import { BASELINE_NAME, type BaselineSpec, type BaselinesPlan } from './baseline-types.js';
import type { PathSegment, PlanIssue } from './issue.js';
import { sectionReader } from './section.js';
import { toNumber } from './threshold.js';
import type { MetricSpec } from './types.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const time = z.string().regex(ISO, 'expected an ISO-8601 time with a time zone, e.g. 2026-11-20T00:00:00Z');
const number = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?%?$/, 'expected a number or a percentage such as 94.8%')]);

/** Either from and to, or values (with an optional source): checked after parsing, for a clearer message than a union's. */
export const rawBaseline = z.strictObject({
  from: time.optional(),
  to: time.optional(),
  source: z.string().trim().min(1).max(200).optional(),
  values: z.record(z.string(), number).optional(),
});

/** A value as written: 94.8% is 0.948, as a ratio metric yields. */
export function baselineNumber(value: number | string): number {
  return typeof value === 'number' ? value : toNumber(value);
}

export function resolveBaselines(
  raw: { readonly baselines?: Record<string, unknown> },
  context: { readonly metrics: readonly MetricSpec[] },
  issues: PlanIssue[],
  zodIssues: (error: z.ZodError, base: readonly PathSegment[]) => PlanIssue[],
): BaselinesPlan {
  const { parse } = sectionReader(issues, zodIssues);
  const metrics = new Set(context.metrics.map((m) => m.id));
  const baselines: Record<string, BaselineSpec> = {};
  for (const [name, value] of Object.entries(raw.baselines ?? {})) {
    const path = ['baselines', name];
    if (!BASELINE_NAME.test(name)) {
      issues.push({ path, message: 'a baseline name is lower-case letters, digits, _ and -, starting with a letter', atKey: true });
      continue;
    }
    const spec = parse(rawBaseline, value, path);
    if (!spec) continue;
    const range = spec.from !== undefined || spec.to !== undefined;
    if (range && (spec.values !== undefined || spec.source !== undefined)) {
      issues.push({ path, message: 'a baseline is either a time range (from, to) or values entered by hand (values, source), not both' });
      continue;
    }
    if (!range && spec.values === undefined) {
      issues.push({ path, message: 'a baseline needs from and to (a time range to measure) or values (entered by hand)' });
      continue;
    }
    if (range) {
      if (spec.from === undefined || spec.to === undefined) {
        issues.push({ path, message: `a time range needs both from and to (${spec.from === undefined ? 'from' : 'to'} is missing)` });
        continue;
      }
      const from = Date.parse(spec.from);
      const to = Date.parse(spec.to);
      if (Number.isNaN(from)) issues.push({ path: [...path, 'from'], message: `"${spec.from}" is not a valid time` });
      else if (Number.isNaN(to)) issues.push({ path: [...path, 'to'], message: `"${spec.to}" is not a valid time` });
      else if (from >= to) issues.push({ path: [...path, 'to'], message: 'to must be after from' });
      else baselines[name] = Object.freeze({ name, kind: 'range', from, to });
      continue;
    }
    const values: Record<string, number> = {};
    const given = spec.values ?? {};
    for (const [metric, v] of Object.entries(given)) {
      if (!metrics.has(metric)) issues.push({ path: [...path, 'values', metric], message: `no metric "${metric}" in the plan (metrics: ${[...metrics].join(', ') || 'none'})`, atKey: true });
      else values[metric] = baselineNumber(v);
    }
    if (Object.keys(given).length === 0) issues.push({ path: [...path, 'values'], message: 'values needs at least one metric' });
    baselines[name] = Object.freeze({ name, kind: 'values', source: spec.source ?? 'plan', values: Object.freeze(values) });
  }
  return { baselines: Object.freeze(baselines) };
}

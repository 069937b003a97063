/**
 * The measured impact of a release: for every plan metric, the window before
 * against the window after, a significance test where the metric allows one,
 * and a plain verdict. Pure: measurements and samples in, a value out.
 *
 * - ratio (without `per`): two-proportion z-test on successes / events;
 * - quantile and mean (without `per`): Mann-Whitney U on the raw values of the property;
 * - count, distinct, sum, share and any `per` metric: one number per window, no
 *   per-event sample: "not testable", with the values and the change still shown.
 */
import type { MetricSpec } from '../plan/types.js';
import { mannWhitneyU, twoProportionZ } from '../stats/tests.js';
import type { ValueSample } from '../store/event-values.js';
import type { GroupKey, Measurement } from '../store/types.js';
import { betterDirection, type Direction } from '../plan/direction.js';
import { groupDirection } from './direction.js';

/** A difference is significant below this p-value. */
export const ALPHA = 0.05;
/** Fewer observations than this in either window: no test. */
export const MIN_OBSERVATIONS = 5;

export type Verdict = 'improved' | 'regressed' | 'changed' | 'no_measurable_change' | 'not_testable' | 'insufficient_data';

/** What a test runs on: counts for a rate, raw values for a latency-like metric. */
export type Evidence =
  | { readonly kind: 'proportion'; readonly before: { successes: number; trials: number }; readonly after: { successes: number; trials: number } }
  | { readonly kind: 'values'; readonly before: ValueSample; readonly after: ValueSample }
  | { readonly kind: 'none'; readonly reason: string };

export interface MetricWindows {
  readonly metric: MetricSpec;
  readonly before: Measurement;
  readonly after: Measurement;
  readonly evidence: Evidence;
}

export interface TestResult {
  readonly name: 'two_proportion_z' | 'mann_whitney_u';
  /** z for the proportion test, U (of the after sample) for Mann-Whitney. */
  readonly statistic: number;
  /** Positive: the after window is the higher. */
  readonly z: number;
  readonly pValue: number;
  readonly nBefore: number;
  readonly nAfter: number;
  /** The values were a sample of the window's (see the sample cap). */
  readonly sampled: boolean;
}

/** What one comparison of before and after says: the figures, the test and the verdict. */
export interface ImpactFigures {
  readonly before: number | null;
  readonly after: number | null;
  readonly eventsBefore: number;
  readonly eventsAfter: number;
  /** after - before. */
  readonly change: number | null;
  /** (after - before) / |before|; null when before is 0 or missing. */
  readonly relativeChange: number | null;
  readonly better: Direction;
  readonly test: TestResult | null;
  readonly significant: boolean | null;
  readonly verdict: Verdict;
  /** The verdict in a sentence. */
  readonly reason: string;
}

/** One group of a ratio or share metric: the same figures, tested at a Bonferroni-corrected level. */
export interface GroupImpact extends ImpactFigures {
  readonly group: GroupKey;
}

export interface MetricImpact extends ImpactFigures {
  readonly metric: string;
  readonly title: string;
  readonly kind: string;
  readonly unit: string;
  /** Per group, for ratio and share metrics with groups (proportions per group come with the measurement); empty otherwise. */
  readonly groups: readonly GroupImpact[];
}

/** Which evidence a metric's test needs: the field whose values to read, a proportion, or none (and why). */
export type EvidencePlan = { readonly kind: 'proportion' } | { readonly kind: 'values'; readonly field: string } | { readonly kind: 'none'; readonly reason: string };

export function evidenceFor(metric: MetricSpec): EvidencePlan {
  const m = metric.measure;
  if (metric.per !== undefined) return { kind: 'none', reason: `a value per ${metric.per} is one number per window, with no per-event sample to test` };
  switch (m.kind) {
    case 'ratio':
      return { kind: 'proportion' };
    case 'quantile':
    case 'mean':
      return { kind: 'values', field: m.of };
    case 'share':
      return { kind: 'none', reason: 'a share has a value per group only' };
    case 'count':
    case 'distinct':
    case 'sum':
      return { kind: 'none', reason: `a ${m.kind} is one number per window, with no per-event sample to test` };
    default:
      return { kind: 'none', reason: 'this measure is not computed from events' };
  }
}

/** Successes and trials of a ratio from its measurement (the ratio is the mean of a 0/1 per event). */
export function proportionOf(measurement: Measurement): { successes: number; trials: number } {
  return { successes: Math.round((measurement.value ?? 0) * measurement.events), trials: measurement.events };
}

function runTest(evidence: Evidence): TestResult | { skip: string } {
  if (evidence.kind === 'none') return { skip: evidence.reason };
  if (evidence.kind === 'proportion') {
    const { before, after } = evidence;
    if (before.trials < MIN_OBSERVATIONS || after.trials < MIN_OBSERVATIONS) return { skip: `fewer than ${MIN_OBSERVATIONS} events in a window (${before.trials} before, ${after.trials} after)` };
    const t = twoProportionZ(before.successes, before.trials, after.successes, after.trials);
    return { name: 'two_proportion_z', statistic: t.z, z: t.z, pValue: t.p, nBefore: before.trials, nAfter: after.trials, sampled: false };
  }
  const { before, after } = evidence;
  if (before.values.length < MIN_OBSERVATIONS || after.values.length < MIN_OBSERVATIONS) {
    return { skip: `fewer than ${MIN_OBSERVATIONS} values in a window (${before.values.length} before, ${after.values.length} after)` };
  }
  // U of the after sample: after first, so that z > 0 means the after window is the higher.
  const t = mannWhitneyU(after.values, before.values);
  return {
    name: 'mann_whitney_u',
    statistic: t.u,
    z: -t.z,
    pValue: t.p,
    nBefore: before.values.length,
    nAfter: after.values.length,
    sampled: before.total > before.values.length || after.total > after.values.length,
  };
}

const percent = (p: number): string => (p < 0.0001 ? '< 0.0001' : p.toFixed(4));

function judgeChange(better: Direction, test: TestResult, alpha: number): { verdict: Verdict; reason: string } {
  const p = `p = ${percent(test.pValue)}`;
  if (test.pValue >= alpha) return { verdict: 'no_measurable_change', reason: `no significant difference (${p}, needs < ${alpha})` };
  const up = test.z > 0;
  const moved = up ? 'higher' : 'lower';
  if (better === 'none') return { verdict: 'changed', reason: `significantly ${moved} after (${p}); its target does not say which way is better` };
  const improved = (better === 'higher') === up;
  return { verdict: improved ? 'improved' : 'regressed', reason: `significantly ${moved} after (${p}), and ${better} is better` };
}

const groupKey = (group: GroupKey): string => JSON.stringify(Object.entries(group).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Per-group impact of a ratio (successes of the group's events) or a share (the
 * group's events of all events). Each group is tested at alpha / groups
 * (Bonferroni), so that many groups do not make a chance difference look real.
 */
export function groupImpacts(metric: MetricSpec, before: Measurement, after: Measurement, alpha = ALPHA): GroupImpact[] {
  const kind = metric.measure.kind;
  if ((kind !== 'ratio' && kind !== 'share') || metric.per !== undefined) return [];
  const earlier = new Map(before.groups.map((g) => [groupKey(g.group), g]));
  const keys = new Set([...before.groups, ...after.groups].map((g) => groupKey(g.group)));
  const level = alpha / Math.max(1, keys.size);
  const laterByKey = new Map(after.groups.map((g) => [groupKey(g.group), g]));
  const out: GroupImpact[] = [];
  for (const key of keys) {
    const b = earlier.get(key);
    const a = laterByKey.get(key);
    const group = (b ?? a)?.group ?? {};
    const bv = b?.value ?? null;
    const av = a?.value ?? null;
    const proportion = (g: { value: number | null; events: number } | undefined, total: number) =>
      kind === 'share' ? { successes: g?.events ?? 0, trials: total } : { successes: Math.round((g?.value ?? 0) * (g?.events ?? 0)), trials: g?.events ?? 0 };
    const windows: MetricWindows = {
      metric,
      before: { value: bv, events: b?.events ?? 0, groups: [] },
      after: { value: av, events: a?.events ?? 0, groups: [] },
      evidence: { kind: 'proportion', before: proportion(b, before.events), after: proportion(a, after.events) },
    };
    const judged = judgeWindows(windows, groupDirection(metric, group), level);
    out.push({ group, before: bv, after: av, eventsBefore: b?.events ?? 0, eventsAfter: a?.events ?? 0, ...judged });
  }
  return out.sort((x, y) => y.eventsAfter + y.eventsBefore - (x.eventsAfter + x.eventsBefore) || groupKey(x.group).localeCompare(groupKey(y.group)));
}

type Judged = Pick<MetricImpact, 'change' | 'relativeChange' | 'better' | 'test' | 'significant' | 'verdict' | 'reason'>;

function judgeWindows(input: MetricWindows, better: Direction, alpha: number): Judged {
  const b = input.before.value;
  const a = input.after.value;
  const change = a !== null && b !== null ? a - b : null;
  const base = { change, relativeChange: change !== null && b !== null && b !== 0 ? change / Math.abs(b) : null, better };
  if (input.evidence.kind === 'none') return { ...base, test: null, significant: null, verdict: 'not_testable', reason: `not testable: ${input.evidence.reason}` };
  if (b === null || a === null) {
    const missing = b === null && a === null ? 'before or after' : b === null ? 'before' : 'after';
    return { ...base, test: null, significant: null, verdict: 'insufficient_data', reason: `no value ${missing} the release` };
  }
  const test = runTest(input.evidence);
  if ('skip' in test) return { ...base, test: null, significant: null, verdict: 'insufficient_data', reason: test.skip };
  return { ...base, test, significant: test.pValue < alpha, ...judgeChange(better, test, alpha) };
}

/** One metric's impact. */
export function metricImpact(input: MetricWindows, alpha = ALPHA): MetricImpact {
  const { metric, before, after } = input;
  return {
    metric: metric.id,
    title: metric.title,
    kind: metric.measure.kind,
    unit: metric.unit,
    before: before.value,
    after: after.value,
    eventsBefore: before.events,
    eventsAfter: after.events,
    ...judgeWindows(input, betterDirection(metric), alpha),
    groups: groupImpacts(metric, before, after, alpha),
  };
}

export type Recommendation = 'keep' | 'investigate' | 'too_early';

export interface ReleaseImpact {
  readonly version: string;
  readonly at: number;
  readonly windowMs: number;
  readonly before: { readonly from: number; readonly to: number };
  readonly after: { readonly from: number; readonly to: number };
  /** The after window has fully passed. */
  readonly complete: boolean;
  readonly metrics: readonly MetricImpact[];
  readonly counts: Readonly<Record<Verdict, number>>;
  /** Seed 004 step 7's keep-or-revert, as advice: investigate when a metric (or a group of one) regressed, too early while the after window is open. */
  readonly recommendation: Recommendation;
}

export function releaseImpact(
  release: { version: string; at: number },
  windows: { windowMs: number; before: { from: number; to: number }; after: { from: number; to: number }; complete: boolean },
  metrics: readonly MetricWindows[],
  alpha = ALPHA,
): ReleaseImpact {
  const impacts = metrics.map((m) => metricImpact(m, alpha));
  const counts: Record<Verdict, number> = { improved: 0, regressed: 0, changed: 0, no_measurable_change: 0, not_testable: 0, insufficient_data: 0 };
  for (const i of impacts) counts[i.verdict]++;
  const groupRegressed = impacts.some((i) => i.groups.some((g) => g.verdict === 'regressed'));
  const recommendation: Recommendation = counts.regressed > 0 || groupRegressed ? 'investigate' : windows.complete ? 'keep' : 'too_early';
  return { version: release.version, at: release.at, ...windows, metrics: impacts, counts, recommendation };
}

/** The two windows around a release time: [at - w, at) and [at, at + w), the after one cut at now. */
export function impactWindows(at: number, windowMs: number, now: number): { windowMs: number; before: { from: number; to: number }; after: { from: number; to: number }; complete: boolean } {
  const end = at + windowMs - 1;
  return { windowMs, before: { from: at - windowMs, to: at - 1 }, after: { from: at, to: Math.min(end, Math.max(at, now)) }, complete: now >= end };
}

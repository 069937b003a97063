/** The wire shapes of releases and their impact (snake_case, ISO-8601 times). Pure. */
import type { GroupKey } from '../store/types.js';
import type { ImpactFigures, MetricImpact, ReleaseImpact, TestResult } from './impact.js';
import type { Release } from './types.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export interface ReleaseJson {
  readonly version: string;
  readonly at: string;
  readonly notes: string | null;
}

export function releaseJson(release: Release): ReleaseJson {
  return { version: release.version, at: iso(release.at), notes: release.notes };
}

export interface TestJson {
  readonly name: string;
  readonly statistic: number;
  readonly z: number;
  readonly p_value: number;
  readonly n_before: number;
  readonly n_after: number;
  readonly sampled: boolean;
}

/** One comparison of before and after on the wire. */
export interface ImpactFiguresJson {
  readonly before: number | null;
  readonly after: number | null;
  readonly events_before: number;
  readonly events_after: number;
  readonly change: number | null;
  readonly relative_change: number | null;
  readonly better: string;
  readonly test: TestJson | null;
  readonly significant: boolean | null;
  readonly verdict: string;
  readonly reason: string;
}

export interface GroupImpactJson extends ImpactFiguresJson {
  readonly group: GroupKey;
}

export interface MetricImpactJson extends ImpactFiguresJson {
  readonly metric: string;
  readonly title: string;
  readonly kind: string;
  readonly unit: string;
  /** Per group, for ratio and share metrics with groups. */
  readonly groups: readonly GroupImpactJson[];
}

export interface ImpactJson {
  readonly version: string;
  readonly at: string;
  readonly window: { readonly ms: number; readonly before: { from: string; to: string }; readonly after: { from: string; to: string }; readonly complete: boolean };
  readonly recommendation: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly metrics: readonly MetricImpactJson[];
}

const testJson = (t: TestResult | null): TestJson | null =>
  t && { name: t.name, statistic: t.statistic, z: t.z, p_value: t.pValue, n_before: t.nBefore, n_after: t.nAfter, sampled: t.sampled };

function figures(m: ImpactFigures): ImpactFiguresJson {
  return {
    before: m.before,
    after: m.after,
    events_before: m.eventsBefore,
    events_after: m.eventsAfter,
    change: m.change,
    relative_change: m.relativeChange,
    better: m.better,
    test: testJson(m.test),
    significant: m.significant,
    verdict: m.verdict,
    reason: m.reason,
  };
}

export function metricImpactJson(m: MetricImpact): MetricImpactJson {
  return { metric: m.metric, title: m.title, kind: m.kind, unit: m.unit, ...figures(m), groups: m.groups.map((g) => ({ group: g.group, ...figures(g) })) };
}

export function impactJson(impact: ReleaseImpact): ImpactJson {
  return {
    version: impact.version,
    at: iso(impact.at),
    window: {
      ms: impact.windowMs,
      before: { from: iso(impact.before.from), to: iso(impact.before.to) },
      after: { from: iso(impact.after.from), to: iso(impact.after.to) },
      complete: impact.complete,
    },
    recommendation: impact.recommendation,
    counts: impact.counts,
    metrics: impact.metrics.map(metricImpactJson),
  };
}

/** The wire shapes of releases and their impact (snake_case, ISO-8601 times). Pure. */
import type { MetricImpact, ReleaseImpact } from './impact.js';
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

export interface MetricImpactJson {
  readonly metric: string;
  readonly title: string;
  readonly kind: string;
  readonly unit: string;
  readonly before: number | null;
  readonly after: number | null;
  readonly events_before: number;
  readonly events_after: number;
  readonly change: number | null;
  readonly relative_change: number | null;
  readonly better: string;
  readonly test: { name: string; statistic: number; z: number; p_value: number; n_before: number; n_after: number; sampled: boolean } | null;
  readonly significant: boolean | null;
  readonly verdict: string;
  readonly reason: string;
}

export interface ImpactJson {
  readonly version: string;
  readonly at: string;
  readonly window: { readonly ms: number; readonly before: { from: string; to: string }; readonly after: { from: string; to: string }; readonly complete: boolean };
  readonly recommendation: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly metrics: readonly MetricImpactJson[];
}

export function metricImpactJson(m: MetricImpact): MetricImpactJson {
  return {
    metric: m.metric,
    title: m.title,
    kind: m.kind,
    unit: m.unit,
    before: m.before,
    after: m.after,
    events_before: m.eventsBefore,
    events_after: m.eventsAfter,
    change: m.change,
    relative_change: m.relativeChange,
    better: m.better,
    test: m.test && { name: m.test.name, statistic: m.test.statistic, z: m.test.z, p_value: m.test.pValue, n_before: m.test.nBefore, n_after: m.test.nAfter, sampled: m.test.sampled },
    significant: m.significant,
    verdict: m.verdict,
    reason: m.reason,
  };
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

/**
 * The `sources:` section: data launchwatch fetches itself: GitHub issues
 * (`sources.github`), polled from the REST API, and the `github:` metrics
 * computed from the issues it stores; and Prometheus (`sources.prometheus`,
 * read here, its metrics in prometheus.ts).
 *
 *   sources: { github: { repo: acme/app, token: "${GITHUB_TOKEN:-}", every: 5m } }
 *   metrics: { p0_bugs: { github: { label: P0, state: open } } }
 */
import { z } from 'zod';
import { parseDuration } from './duration.js';
import type { PathSegment, PlanIssue } from './issue.js';
import { sectionReader, type RawFigureMetric } from './section.js';
import { rawPrometheusSource, resolvePrometheusSource } from './prometheus.js';
import { resolveTarget } from './plan-targets.js';
import { GITHUB_FIGURES, type GithubMeasure, type GithubSource, type OtlpSettings, type SourcesPlan } from './source-types.js';
import type { MetricSpec } from './types.js';

export const GITHUB_API = 'https://api.github.com';

export const rawOtlp = z.strictObject({ event_name_attribute: z.string().min(1).optional() });
const DEFAULT_OTLP: OtlpSettings = Object.freeze({ eventNameAttribute: 'event.name' });

export const rawSources = z.strictObject({
  github: z
    .strictObject({
      repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'repo is owner/name, e.g. acme/app'),
      token: z.string().optional(),
      every: z.string().optional(),
      base_url: z.url({ protocol: /^https?$/, error: 'base_url is an http(s) URL, e.g. https://github.example.com/api/v3' }).optional(),
      auto_label: z
        .strictObject({
          enabled: z.boolean().optional(),
          rules: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
        })
        .optional(),
    })
    .optional(),
  prometheus: rawPrometheusSource.optional(),
});

export function resolveSources(raw: { sources?: unknown; otlp?: unknown }, issues: PlanIssue[], zodIssues: (error: z.ZodError, base: readonly PathSegment[]) => PlanIssue[]): SourcesPlan {
  const reader = sectionReader(issues, zodIssues);
  const { parse, duration } = reader;
  const o = parse(rawOtlp, raw.otlp ?? {}, ['otlp']);
  const otlp = o?.event_name_attribute ? Object.freeze({ eventNameAttribute: o.event_name_attribute }) : DEFAULT_OTLP;
  const s = parse(rawSources, raw.sources ?? {}, ['sources']);
  const prometheus = s?.prometheus ? { prometheus: resolvePrometheusSource(s.prometheus, reader, issues) } : {};
  const g = s?.github;
  if (!g) return { sources: Object.freeze({ ...prometheus }), otlp };
  const everyMs = duration(g.every, 5 * 60_000, ['sources', 'github', 'every']);
  if (everyMs < 10_000) issues.push({ path: ['sources', 'github', 'every'], message: 'poll GitHub at most every 10s' });
  const github: GithubSource = Object.freeze({
    repo: g.repo,
    token: g.token ?? '',
    everyMs,
    baseUrl: (g.base_url ?? GITHUB_API).replace(/\/+$/, ''),
    autoLabel: Object.freeze({
      enabled: g.auto_label?.enabled ?? false,
      rules: Object.freeze(Object.fromEntries(Object.entries(g.auto_label?.rules ?? {}).map(([label, words]) => [label, Object.freeze([...words])]))),
    }),
  });
  return { sources: Object.freeze({ github, ...prometheus }), otlp };
}

export const rawGithubFigure = z.strictObject({
  figure: z.enum(GITHUB_FIGURES, { error: `figure is one of ${GITHUB_FIGURES.join(', ')}` }).optional(),
  label: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  state: z.enum(['open', 'closed']).optional(),
  older_than: z.string().optional(),
  q: z.number().gt(0).lt(1).optional(),
});

const EVENT_KEYS = ['from', 'incidents', 'where', 'count', 'distinct', 'ratio', 'quantile', 'mean', 'sum', 'share', 'per', 'by', 'targets'] as const;

/** A `github:` metric without a window counts issues now: its window only names the period, 1d. */
export function defaultGithubWindow(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('github' in value) || 'window' in value) return value;
  return { ...value, window: '1d' };
}

/** A metric with `github:`: its figure, labels, state and age. Targets and window are checked as for any metric by the caller. */
export function resolveGithubMeasure(id: string, raw: RawFigureMetric, issues: PlanIssue[]): GithubMeasure | undefined {
  const base = ['metrics', id];
  for (const key of EVENT_KEYS) {
    if (raw[key] !== undefined) issues.push({ path: [...base, key], message: `a github metric is measured from the repository's issues; it takes no ${key}`, atKey: true });
  }
  const parsed = rawGithubFigure.safeParse(raw.github);
  if (!parsed.success) return undefined;
  const g = parsed.data;
  const figure = g.figure ?? 'count';
  let olderThanMs = 0;
  if (g.older_than !== undefined) {
    const d = parseDuration(g.older_than);
    if (d.kind === 'invalid') issues.push({ path: [...base, 'github', 'older_than'], message: d.reason });
    else olderThanMs = d.ms;
  }
  if (figure !== 'count' && (g.state !== undefined || g.older_than !== undefined)) {
    issues.push({ path: [...base, 'github', g.state !== undefined ? 'state' : 'older_than'], message: `state and older_than go with figure count; ${figure} counts by its own dates` });
  }
  if (g.q !== undefined && !figure.startsWith('time_')) issues.push({ path: [...base, 'github', 'q'], message: 'q goes with time_to_first_response and time_to_close' });
  return Object.freeze({
    kind: 'github',
    figure,
    labels: Object.freeze(g.label === undefined ? [] : typeof g.label === 'string' ? [g.label] : [...g.label]),
    state: g.state ?? 'open',
    olderThanMs,
    q: g.q ?? 0.5,
  });
}

export function githubUnit(measure: GithubMeasure): string {
  return measure.figure.startsWith('time_') ? 'ms' : 'count';
}

/** github: metrics need sources.github. */
export function checkGithubMetrics(metrics: readonly MetricSpec[], sources: SourcesPlan, issues: PlanIssue[]): void {
  if (sources.sources.github) return;
  for (const metric of metrics) {
    if (metric.measure.kind === 'github') issues.push({ path: ['metrics', metric.id, 'github'], message: 'a github metric needs sources.github (the repository to read issues from)', atKey: true });
  }
}


/** A metric with `github:` (its shape already checked with the metric's): the whole MetricSpec, or undefined after recording why not. */
export function resolveGithubMetric(id: string, raw: RawFigureMetric, windowMs: number | undefined, issues: PlanIssue[]): MetricSpec | undefined {
  const before = issues.length;
  const measure = resolveGithubMeasure(id, raw, issues);
  const target = raw.target ? resolveTarget(raw.target, ['metrics', id, 'target'], issues) : undefined;
  if (!measure || windowMs === undefined || issues.length > before) return undefined;
  return Object.freeze({
    id,
    title: raw.title ?? id,
    ...(raw.description ? { description: raw.description } : {}),
    from: '',
    where: Object.freeze([]),
    measure,
    by: Object.freeze([]),
    windowMs,
    ...(target ? { target } : {}),
    targets: Object.freeze([]),
    unit: raw.unit ?? githubUnit(measure),
  });
}

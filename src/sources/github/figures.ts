/**
 * Measuring `github:` metrics over the stored issues. `measureGithub` and
 * `githubSeries` are pure; `githubFigures` is the `github` figure source
 * (src/metrics/sources/), so evaluation, series, history and alert rules
 * measure a github metric as any other; a metric of a source that
 * is disabled or has never answered has no value (githubUnavailable).
 */
import type { Plan } from '../../plan/types.js';
import { SourceUnavailableError } from '../../metrics/unavailable.js';
import type { GithubMeasure, GithubSource } from '../../plan/source-types.js';
import type { GithubCursor, GithubIssue, GithubStore } from '../../store/github.js';
import type { Measurement, Series, TimeRange } from '../../store/types.js';
import type { FigureSource } from '../../metrics/sources/source.js';

const lower = (s: string): string => s.toLowerCase();

function hasLabels(issue: GithubIssue, labels: readonly string[]): boolean {
  const own = new Set(issue.labels.map(lower));
  return labels.every((l) => own.has(lower(l)));
}

/** Continuous quantile with linear interpolation, as the event metrics' quantile_cont. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = sorted[Math.floor(position)] ?? 0;
  const high = sorted[Math.ceil(position)] ?? 0;
  return low + (high - low) * (position - Math.floor(position));
}

const within = (t: number | null, range: TimeRange): t is number => t !== null && t >= range.from && t <= range.to;

/** The figure over the issues as they stood at `range.to` (labels as they are now). */
export function measureGithub(measure: GithubMeasure, all: readonly GithubIssue[], range: TimeRange): Measurement {
  const issues = all.filter((i) => i.createdAt <= range.to && hasLabels(i, measure.labels));
  const one = (value: number | null, events: number): Measurement => ({ value, events, groups: [] });
  switch (measure.figure) {
    case 'count': {
      const closedBy = (i: GithubIssue): boolean => i.closedAt !== null && i.closedAt <= range.to;
      const matching = issues.filter((i) => (measure.state === 'closed' ? closedBy(i) : !closedBy(i)) && i.createdAt <= range.to - measure.olderThanMs);
      return one(matching.length, matching.length);
    }
    case 'opened': {
      const n = issues.filter((i) => within(i.createdAt, range)).length;
      return one(n, n);
    }
    case 'closed': {
      const n = issues.filter((i) => within(i.closedAt, range)).length;
      return one(n, n);
    }
    case 'time_to_first_response': {
      const waits = issues.filter((i) => within(i.createdAt, range) && i.firstResponseAt !== null && i.firstResponseAt <= range.to).map((i) => (i.firstResponseAt ?? 0) - i.createdAt);
      return one(quantile(waits, measure.q), waits.length);
    }
    case 'time_to_close': {
      const durations = issues.filter((i) => within(i.closedAt, range)).map((i) => (i.closedAt ?? 0) - i.createdAt);
      return one(quantile(durations, measure.q), durations.length);
    }
  }
}

/** The figure per bucket of `stepMs` from `range.from`, each bucket measured as a range of its own; no value anywhere without issues to read (null: the source is unavailable). */
export function githubSeries(measure: GithubMeasure, issues: readonly GithubIssue[] | null, range: TimeRange, stepMs: number): Series {
  const points: { t: number; value: number | null }[] = [];
  for (let t = range.from; t < range.to; t += stepMs) points.push({ t, value: issues === null ? null : measureGithub(measure, issues, { from: t, to: Math.min(t + stepMs - 1, range.to) }).value });
  return { points, groups: [] };
}

/** What the poller knows of the source this run: whether a poll answered, and the last failure's reason. */
export interface GithubHealth {
  readonly answered: boolean;
  readonly lastFailure: string | null;
}

/**
 * Why the source cannot be read, or null when it can: disabled (no token), or never answered (no poll
 * succeeded this run and none left a cursor in the store). Pure.
 */
export function githubUnavailable(source: GithubSource | undefined, cursor: GithubCursor | undefined, health: GithubHealth | undefined): string | null {
  if (!source) return 'GitHub source not configured (no sources.github in the plan)';
  if (source.token === '') return 'GitHub source disabled: no token';
  if (health?.answered) return null;
  if (cursor && Object.values(cursor).some((v) => v !== null)) return null;
  return `GitHub source has not answered yet${health?.lastFailure ? ` (last poll: ${health.lastFailure})` : ''}`;
}

/**
 * The `github` figure source: github metrics measured from the stored issues of the plan's repository.
 * A github metric whose source is disabled or has never answered is not measured: `measure` throws
 * SourceUnavailableError with the reason, and a series has no value anywhere.
 */
export function githubFigures(store: GithubStore, plan: () => Plan, health?: () => GithubHealth): FigureSource<'github'> {
  const readable = async (): Promise<{ issues: GithubIssue[] } | { unavailable: string }> => {
    const source = plan().sources.github;
    const cursor = source && source.token !== '' && !health?.().answered ? await store.cursor(source.repo) : undefined;
    const unavailable = githubUnavailable(source, cursor, health?.());
    if (unavailable !== null || !source) return { unavailable: unavailable ?? 'GitHub source not configured' };
    return { issues: await store.issues(source.repo) };
  };
  return {
    measure: async (query, _metric, range) => {
      const read = await readable();
      if ('unavailable' in read) throw new SourceUnavailableError(read.unavailable);
      return measureGithub(query.measure, read.issues, range);
    },
    series: async (query, _metric, range, stepMs) => {
      const read = await readable();
      return githubSeries(query.measure, 'unavailable' in read ? null : read.issues, range, stepMs);
    },
  };
}

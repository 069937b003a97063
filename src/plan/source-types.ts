/**
 * The `sources:` and `otlp:` sections as the plan holds them once validated
 * (src/plan/sources.ts): the GitHub source, what a `github:` metric measures,
 * and how OTLP log records name their event. Plain data.
 */

export interface GithubSource {
  /** `owner/name`. */
  readonly repo: string;
  /** Empty: the source is disabled (said once in the log at start). */
  readonly token: string;
  readonly everyMs: number;
  /** The REST API root: https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server. */
  readonly baseUrl: string;
  readonly autoLabel: {
    /** Apply the labels through the API; otherwise only log what would be applied. */
    readonly enabled: boolean;
    /** Label → keywords; an open issue whose title or body holds one of them (a whole word, any case) gets the label. */
    readonly rules: Readonly<Record<string, readonly string[]>>;
  };
}

export interface OtlpSettings {
  /** The log record attribute that names the event, when the record has no eventName. */
  readonly eventNameAttribute: string;
}

/** `sources.prometheus`: the Prometheus HTTP API that `prometheus:` metrics query (src/plan/prometheus.ts). */
export interface PrometheusSource {
  /** The server's root, without a trailing slash: http://prometheus:9090 (or one under a path prefix). */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`; empty: no Authorization header. */
  readonly token: string;
  /** How long one query may take before its metric is `unknown`. */
  readonly timeoutMs: number;
}

export interface SourcesPlan {
  readonly sources: { readonly github?: GithubSource; readonly prometheus?: PrometheusSource };
  /** POST /v1/logs: how OTLP log records name their event (plan key `otlp`). */
  readonly otlp: OtlpSettings;
}

/**
 * What a `github:` metric measures over the stored issues:
 * - `count`: issues in `state` now (open by default), with every `label`, opened more than `older_than` ago;
 * - `opened`, `closed`: issues opened (closed) in the window;
 * - `time_to_first_response`: the `q` quantile (median by default) of the time from opening to the first
 *   comment by someone else than the author, over issues opened in the window that have one;
 * - `time_to_close`: the same from opening to closing, over issues closed in the window.
 */
export const GITHUB_FIGURES = ['count', 'opened', 'closed', 'time_to_first_response', 'time_to_close'] as const;
export type GithubFigure = (typeof GITHUB_FIGURES)[number];

export interface GithubMeasure {
  readonly kind: 'github';
  readonly figure: GithubFigure;
  /** Every one of them (case-insensitive); empty: any issue. */
  readonly labels: readonly string[];
  readonly state: 'open' | 'closed';
  readonly olderThanMs: number;
  readonly q: number;
}

/** A `prometheus:` metric: its PromQL expression, sent to Prometheus as written. */
export interface PrometheusMeasure {
  readonly kind: 'prometheus';
  readonly query: string;
}

/** The `reports:` section as the plan holds it once validated (src/plan/reports.ts): the summary's metrics and the scheduled digests. Plain data. */
import type { CronSchedule } from './cron.js';

export type DigestKind = 'weekly' | 'monthly';

export interface DigestSpec {
  readonly kind: DigestKind;
  readonly schedule: CronSchedule;
  /** Channel names; e-mail gets the HTML report, Slack and webhooks a summary. */
  readonly channels: readonly string[];
}

export interface ReportsPlan {
  readonly reports: {
    /** Metric ids the summary leads with; empty: the first three metrics with a target. */
    readonly summary: readonly string[];
    readonly digests: readonly DigestSpec[];
    /** The IANA zone report periods are in: a week starts Monday 00:00 there, a month on the 1st (default UTC). */
    readonly timezone: string;
  };
}

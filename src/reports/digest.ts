/**
 * Scheduled digests, pure: whether a digest is due (one send for the latest
 * slot however many were missed while the server was down; nothing sent for
 * slots before the digest was first seen), the period it reports on, and the
 * notifications it owes each of its channels.
 */
import type { NotificationRequest } from '../alerting/types.js';
import type { DigestSpec } from '../plan/report-types.js';
import type { DigestRun } from '../store/digests.js';
import { latestRun, nextRun } from '../plan/cron.js';
import type { Report } from './model.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { lastClosed, type Period } from './period.js';
import { plainSummary, reportTitle } from './text.js';

export type DigestDecision =
  /** Never seen: start counting from now, send nothing (no report for slots before the digest existed). */
  | { readonly kind: 'initialise' }
  /** The latest slot after the last run has come: send it, once. */
  | { readonly kind: 'due'; readonly slot: number }
  | { readonly kind: 'wait'; readonly next: number | null };

export function digestDecision(spec: DigestSpec, last: DigestRun | undefined, now: number): DigestDecision {
  if (!last) return { kind: 'initialise' };
  const slot = latestRun(spec.schedule, last.slot, now);
  if (slot !== null) return { kind: 'due', slot };
  return { kind: 'wait', next: nextRun(spec.schedule, now) };
}

/** The period a digest sent at `slot` reports on: the last week or month that had ended by then, in the reports' zone. */
export function digestPeriod(spec: DigestSpec, slot: number, zone: string): Period {
  return lastClosed(spec.kind === 'weekly' ? 'week' : 'month', slot, zone);
}

export interface DigestContext {
  /** Base URL of this launchwatch, for the link to the report. */
  readonly externalUrl: string;
  readonly newId: () => string;
}

/** One notification per channel of the digest, carrying the report laid out for e-mail and for chat. */
export function digestNotifications(spec: DigestSpec, report: Report, now: number, context: DigestContext): NotificationRequest[] {
  const key = spec.kind === 'weekly' ? 'week' : 'month';
  const url = `${context.externalUrl.replace(/\/+$/, '')}/api/v1/reports/${spec.kind}?${key}=${encodeURIComponent(report.period.label)}&format=html`;
  const digest = { subject: reportTitle(report), summary: plainSummary(report), text: renderMarkdown(report), html: renderHtml(report), url };
  return spec.channels.map((channel) => ({
    id: context.newId(),
    channel,
    kind: 'digest',
    groupKey: `digest:${spec.kind}`,
    groupLabels: { report: spec.kind, period: report.period.label },
    status: 'resolved',
    alerts: [],
    createdAt: now,
    digest,
  }));
}

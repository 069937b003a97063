/**
 * PagerDuty Events API v2. One PagerDuty alert per aggregation group: the
 * dedup_key is the sha256 of the group key, so a group's trigger, acknowledge
 * and resolve land on the same incident. The routing key is a credential and
 * never appears in a reason.
 */
import { createHash } from 'node:crypto';
import type { NotificationRequest } from '../alerting/types.js';
import type { ChannelSpec, Severity } from '../plan/alert-types.js';
import { postJson } from './http.js';
import { alertLine, baseUrl, firingAlerts, formatValue, highestSeverity, isoTime, resolvedAlerts, runbooks, summaryOf, title, truncate } from './message.js';
import { secretsOf } from './redact.js';
import type { NotifierFactory, NotifyContext } from './types.js';

export type PagerDutyChannel = Extract<ChannelSpec, { type: 'pagerduty' }>;

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';
export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';

/** The Events API's limit on payload.summary. */
export const SUMMARY_MAX = 1024;
/** Alerts listed in custom_details; the counts cover all of them. */
const DETAILED_ALERTS = 20;

export const SEVERITY_MAP: Readonly<Record<Severity, PagerDutySeverity>> = { P1: 'critical', P2: 'error', P3: 'warning', P4: 'info' };

export interface PagerDutyTrigger {
  readonly routing_key: string;
  readonly event_action: 'trigger';
  readonly dedup_key: string;
  readonly payload: {
    readonly summary: string;
    readonly source: string;
    readonly severity: PagerDutySeverity;
    readonly timestamp: string;
    readonly custom_details: Record<string, unknown>;
  };
  readonly links: readonly { readonly href: string; readonly text: string }[];
  readonly client: string;
  readonly client_url: string;
}

export interface PagerDutyFollowUp {
  readonly routing_key: string;
  readonly event_action: 'acknowledge' | 'resolve';
  readonly dedup_key: string;
}

export type PagerDutyEvent = PagerDutyTrigger | PagerDutyFollowUp;

export function dedupKey(groupKey: string): string {
  return createHash('sha256').update(groupKey).digest('hex');
}

export function eventAction(n: NotificationRequest): PagerDutyAction {
  if (n.kind === 'acknowledge') return 'acknowledge';
  return n.status === 'resolved' ? 'resolve' : 'trigger';
}

function summary(n: NotificationRequest): string {
  const summaries = [...new Set(firingAlerts(n).map(summaryOf))];
  return truncate(summaries.length > 0 ? `${title(n)}: ${summaries.join('; ')}` : title(n), SUMMARY_MAX);
}

function customDetails(n: NotificationRequest): Record<string, unknown> {
  const firing = firingAlerts(n);
  const resolved = resolvedAlerts(n);
  return {
    firing: firing.map(alertLine).join('\n'),
    resolved: resolved.map(alertLine).join('\n'),
    num_firing: firing.length,
    num_resolved: resolved.length,
    group_labels: { ...n.groupLabels },
    alerts: n.alerts.slice(0, DETAILED_ALERTS).map((a) => ({
      status: a.status,
      summary: summaryOf(a),
      value: formatValue(a.value),
      starts_at: isoTime(a.startsAt),
      acknowledged: a.acknowledged,
      labels: { ...a.labels },
      ...(a.annotations.description !== undefined ? { description: a.annotations.description } : {}),
    })),
  };
}

export function pagerDutyEvent(n: NotificationRequest, channel: PagerDutyChannel, context: NotifyContext): PagerDutyEvent {
  const base = { routing_key: channel.routingKey, dedup_key: dedupKey(n.groupKey) };
  const action = eventAction(n);
  if (action !== 'trigger') return { ...base, event_action: action };
  const severity = highestSeverity(firingAlerts(n));
  return {
    ...base,
    event_action: 'trigger',
    payload: {
      summary: summary(n),
      source: context.product,
      severity: severity === null ? 'error' : SEVERITY_MAP[severity],
      timestamp: isoTime(n.createdAt),
      custom_details: customDetails(n),
    },
    links: runbooks(n.alerts).map((href) => ({ href, text: 'Runbook' })),
    client: 'launchwatch',
    client_url: baseUrl(context),
  };
}

export const createPagerDutyNotifier: NotifierFactory<PagerDutyChannel> = (channel, context) => {
  const secrets = secretsOf(channel);
  return {
    send: (n, signal) => postJson({ label: 'pagerduty', url: channel.url, body: pagerDutyEvent(n, channel, context), signal, secrets }),
  };
};

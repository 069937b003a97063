/**
 * What every channel says about a notification, decided once: the title
 * ("[FIRING:2] checkout P1"), the labels all alerts share, each alert's
 * severity, summary, value and runbook. Channel modules only lay it out.
 */
import { renderMessage, type MessageTemplateContext } from '../alerting/template.js';
import type { Labels, NotificationAlert, NotificationRequest } from '../alerting/types.js';
import { SEVERITIES, type MessageTemplates, type Severity } from '../plan/alert-types.js';
import type { NotifyContext } from './types.js';

/** Alertmanager's zero time, sent as endsAt when an alert has no end. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function isoTime(ms: number | null): string {
  return ms === null ? ZERO_TIME : new Date(ms).toISOString();
}

export function firingAlerts(n: NotificationRequest): NotificationAlert[] {
  return n.alerts.filter((a) => a.status === 'firing');
}

export function resolvedAlerts(n: NotificationRequest): NotificationAlert[] {
  return n.alerts.filter((a) => a.status === 'resolved');
}

/** The pairs every map has with the same value (Alertmanager's commonLabels / commonAnnotations). */
export function common(maps: readonly Readonly<Record<string, string>>[]): Record<string, string> {
  const [first, ...rest] = maps;
  const shared: Record<string, string> = {};
  if (first === undefined) return shared;
  for (const [name, value] of Object.entries(first)) {
    if (rest.every((m) => Object.hasOwn(m, name) && m[name] === value)) shared[name] = value;
  }
  return shared;
}

function sortedValues(labels: Labels, skip: ReadonlySet<string> = new Set()): string[] {
  return Object.keys(labels)
    .filter((name) => !skip.has(name))
    .sort()
    .map((name) => labels[name] ?? '');
}

/** What the notification is about, as in Alertmanager's default subject: group label values, then other shared labels. */
export function topic(n: NotificationRequest): string {
  const groupValues = sortedValues(n.groupLabels);
  const others = sortedValues(common(n.alerts.map((a) => a.labels)), new Set(Object.keys(n.groupLabels)));
  if (groupValues.length === 0 && others.length > 0) return others.join(' ');
  const text = groupValues.join(' ') + (others.length > 0 ? ` (${others.join(' ')})` : '');
  return text !== '' ? text : (n.alerts[0]?.labels.alertname ?? n.groupKey);
}

/** "[FIRING:2] topic", "[RESOLVED] topic", or "[ACKNOWLEDGED] topic" for an acknowledgement. */
export function title(n: NotificationRequest): string {
  if (n.kind === 'acknowledge') return `[ACKNOWLEDGED] ${topic(n)}`;
  if (n.status === 'resolved') return `[RESOLVED] ${topic(n)}`;
  return `[FIRING:${firingAlerts(n).length}] ${topic(n)}`;
}

function isSeverity(value: string | undefined): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value ?? '');
}

/** The alert's severity label, when it is one of P1-P4. */
export function severityOf(alert: NotificationAlert): Severity | null {
  const value = alert.labels.severity;
  return isSeverity(value) ? value : null;
}

/** The most severe severity among the alerts (P1 first), or null when none has one. */
export function highestSeverity(alerts: readonly NotificationAlert[]): Severity | null {
  const present = new Set(alerts.map(severityOf));
  return SEVERITIES.find((s) => present.has(s)) ?? null;
}

/** The rule's summary, else the alert name, else the fingerprint. */
export function summaryOf(alert: NotificationAlert): string {
  return alert.annotations.summary ?? alert.labels.alertname ?? alert.fingerprint;
}

/** The runbook link (launchwatch's `runbook`, or Prometheus' `runbook_url`), when it is an http(s) URL. */
export function runbookOf(alert: NotificationAlert): string | undefined {
  const link = alert.annotations.runbook ?? alert.annotations.runbook_url;
  return link !== undefined && /^https?:\/\//i.test(link) ? link : undefined;
}

/** The distinct runbook links of the alerts, in order. */
export function runbooks(alerts: readonly NotificationAlert[]): string[] {
  return [...new Set(alerts.map(runbookOf).filter((link): link is string => link !== undefined))];
}

export function formatValue(value: number | null): string {
  if (value === null) return 'no value';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

export function baseUrl(context: NotifyContext): string {
  return context.externalUrl.replace(/\/+$/, '');
}

/** Where launchwatch shows one alert: its history in the API until the dashboard has a page for it. */
export function alertUrl(context: NotifyContext, alert: NotificationAlert): string {
  return `${baseUrl(context)}/api/v1/alerts/history?fingerprint=${encodeURIComponent(alert.fingerprint)}`;
}

/** Cuts text to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** One line per alert, for plain-text bodies and fallbacks. */
export function alertLine(alert: NotificationAlert): string {
  const severity = severityOf(alert);
  const parts = [`${severity !== null ? `[${severity}] ` : ''}${summaryOf(alert)}`, `value ${formatValue(alert.value)}`];
  if (alert.acknowledged) parts.push('acknowledged');
  return parts.join(' · ');
}

/** The alert a channel template reads labels, annotations, the value and links from: the first firing one, else the first. */
function leadAlert(n: NotificationRequest): NotificationAlert | undefined {
  return firingAlerts(n)[0] ?? n.alerts[0];
}

/** What a channel's `title` and `text` templates read for this notification (docs/alerting.md, Message templates). */
export function messageTemplateContext(n: NotificationRequest, context: NotifyContext): MessageTemplateContext {
  const lead = leadAlert(n);
  const status = n.kind === 'acknowledge' ? 'acknowledged' : n.status;
  return {
    values: {
      status,
      title: title(n),
      severity: (lead && severityOf(lead)) ?? lead?.labels.severity ?? '',
      value: lead ? formatValue(lead.value) : '',
      count: String(n.status === 'firing' ? firingAlerts(n).length : n.alerts.length),
      product: context.product,
      alertname: lead?.labels.alertname ?? '',
      summary: lead ? summaryOf(lead) : '',
    },
    labels: lead?.labels ?? {},
    annotations: lead?.annotations ?? {},
    group: n.groupLabels,
    links: { alert: lead ? alertUrl(context, lead) : baseUrl(context), runbook: (lead && runbookOf(lead)) ?? '', launchwatch: baseUrl(context) },
  };
}

/** The channel's title and text for a notification: its templates rendered, or the given defaults where it has none. */
export function templated(templates: MessageTemplates | undefined, n: NotificationRequest, context: NotifyContext, defaults: { title: string; text: string }): { title: string; text: string } {
  if (templates?.title === undefined && templates?.text === undefined) return defaults;
  const values = messageTemplateContext(n, context);
  return {
    title: templates.title !== undefined ? renderMessage(templates.title, values) : defaults.title,
    text: templates.text !== undefined ? renderMessage(templates.text, values) : defaults.text,
  };
}

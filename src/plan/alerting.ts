/**
 * The alerting vocabulary: channels, alerts, routing, inhibit, notify.
 * Shapes (zod) and meaning (every cross-reference checked), returning every issue.
 */
import { z } from 'zod';
import type { ChannelSpec, AlertLevel, AlertRule, InhibitRule, LabelMatch, NotifyPolicy, Route, Routing, Severity } from './alert-types.js';
import { SEVERITIES } from './alert-types.js';
import { INCIDENT_SEVERITIES } from './incident-types.js';
import { chatOrPhoneChannel, checkedTemplates, rawDiscord, rawSms, rawTeams, rawVoice } from './channels.js';
import { sectionReader } from './section.js';
import { resolveTimeIntervals } from './time-intervals.js';
import { locatedProblems } from './condition-problems.js';
import { conditionMetric, parseCondition } from './conditions.js';
import type { PathSegment, PlanIssue } from './issue.js';
import type { EventSpec, MetricSpec } from './types.js';

const severity = z.enum(SEVERITIES);
const labelValues = z.union([z.string(), z.array(z.string()).min(1)]);
const labelMatch = z.record(z.string(), labelValues);

const common = { send_resolved: z.boolean().optional() };
/** The channel types, as a plan writes them (an unknown one is an error that lists these). */
export const CHANNEL_TYPES = ['webhook', 'slack', 'pagerduty', 'email', 'teams', 'discord', 'sms', 'voice'] as const;
export const rawChannel = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('webhook'), url: z.url(), headers: z.record(z.string(), z.string()).optional(), ...common }),
  z.strictObject({ type: z.literal('slack'), webhook_url: z.url(), title: z.string().min(1).optional(), text: z.string().min(1).optional(), ...common }),
  z.strictObject({ type: z.literal('pagerduty'), routing_key: z.string().min(1), url: z.url().optional(), ...common }),
  z.strictObject({
    type: z.literal('email'),
    to: z.union([z.email(), z.array(z.email()).min(1)]),
    from: z.email(),
    smtp: z.strictObject({
      host: z.string().min(1),
      port: z.union([z.number().int().min(1).max(65535), z.string().regex(/^\d+$/)]).optional(),
      secure: z.boolean().optional(),
      user: z.string().optional(),
      pass: z.string().optional(),
    }),
    ...common,
  }),
  rawTeams,
  rawDiscord,
  rawSms,
  rawVoice,
]);

const policy = z.enum(['ok', 'keep_last', 'alerting']);
export const rawAlert = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an alert name is letters, digits and _'),
  when: z.union([z.string(), z.partialRecord(severity, z.string()).refine((levels) => Object.keys(levels).length > 0, 'when needs at least one severity')]),
  severity: severity.optional(),
  for: z.string().optional(),
  keep_firing_for: z.string().optional(),
  summary: z.string().optional(),
  description: z.string().optional(),
  public_summary: z.string().trim().min(1).max(200).optional(),
  runbook: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  no_data: policy.optional(),
  on_error: policy.optional(),
  incident: z.union([z.boolean(), z.enum(INCIDENT_SEVERITIES)]).optional(),
});

export const rawRouting = z.strictObject({
  group_by: z.array(z.string()).optional(),
  group_wait: z.string().optional(),
  group_interval: z.string().optional(),
  repeat_interval: z.string().optional(),
  routes: z
    .array(
      z
        .strictObject({
          match: labelMatch.optional(),
          channels: z.array(z.string()).min(1).optional(),
          escalation: z.string().min(1).optional(),
          continue: z.boolean().optional(),
          mute_time_intervals: z.array(z.string()).optional(),
          active_time_intervals: z.array(z.string()).optional(),
        })
        .refine((route) => route.channels !== undefined || route.escalation !== undefined, 'a route needs channels, an escalation policy, or both'),
    )
    .optional(),
  default: z.array(z.string()).optional(),
});

export const rawInhibit = z.strictObject({ source: labelMatch, target: labelMatch, equal: z.array(z.string()).optional() });
export const rawNotify = z.strictObject({ give_up_after: z.string().optional() });

export const PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue';

export { parseCondition, type ConditionResult } from './conditions.js';

const TEMPLATE_NAMES = ['value', 'severity', 'metric', 'condition'];

/** What is wrong with an annotation template's placeholders, given the rule's group fields and labels. */
export function templateProblems(text: string, groupFields: ReadonlySet<string>, labelNames: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(/\{\{([^{}]*)\}\}/g)) {
    const inner = (match[1] ?? '').trim();
    const dotted = /^(group|labels)\.([A-Za-z0-9_]+)$/.exec(inner);
    if (dotted) {
      const [, scope, key = ''] = dotted;
      const known = scope === 'group' ? groupFields : labelNames;
      if (!known.has(key)) {
        const list = [...known].join(', ') || 'none';
        problems.push(`{{ ${inner} }}: this rule's alerts have no ${scope === 'group' ? 'group field' : 'label'} "${key}" (${scope === 'group' ? 'group fields' : 'labels'}: ${list})`);
      }
    } else if (!TEMPLATE_NAMES.includes(inner)) {
      problems.push(`{{ ${inner} }} is not a placeholder (use value, severity, metric, condition, group.<field> or labels.<name>)`);
    }
  }
  return problems;
}

export interface AlertingContext {
  readonly metrics: readonly MetricSpec[];
  readonly events: Readonly<Record<string, EventSpec>>;
  /** The ids of the plan's launch phases (phase() conditions name them). */
  readonly phases?: readonly string[];
  /** The plan's SLO ids, which slo_burn() conditions name. */
  readonly slos?: readonly string[];
}

export interface RawAlerting {
  readonly channels?: Record<string, unknown>;
  readonly alerts?: unknown[];
  readonly routing?: unknown;
  /** Top-level, as in Alertmanager's configuration; typed into routing.timeIntervals. */
  readonly time_intervals?: unknown[];
  readonly inhibit?: unknown[];
  readonly notify?: unknown;
}

export interface Alerting {
  readonly channels: Readonly<Record<string, ChannelSpec>>;
  readonly alerts: readonly AlertRule[];
  readonly routing: Routing;
  readonly inhibit: readonly InhibitRule[];
  readonly notify: NotifyPolicy;
}

export function resolveAlerting(
  raw: RawAlerting,
  context: AlertingContext,
  issues: PlanIssue[],
  zodIssues: (error: z.ZodError, base: readonly PathSegment[]) => PlanIssue[],
): Alerting {
  const reader = sectionReader(issues, zodIssues);
  const { parse, duration } = reader;

  const channels: Record<string, ChannelSpec> = {};
  for (const [name, value] of Object.entries(raw.channels ?? {})) {
    const c = parse(rawChannel, value, ['channels', name]);
    if (!c) continue;
    const sendResolved = c.send_resolved ?? true;
    if (c.type === 'webhook') channels[name] = { name, type: 'webhook', url: c.url, headers: Object.freeze({ ...c.headers }), sendResolved };
    else if (c.type === 'slack') {
      const templates = checkedTemplates(c, ['channels', name], issues);
      channels[name] = { name, type: 'slack', webhookUrl: c.webhook_url, sendResolved, ...(Object.keys(templates).length > 0 ? { templates } : {}) };
    } else if (c.type === 'teams' || c.type === 'discord' || c.type === 'sms' || c.type === 'voice') channels[name] = chatOrPhoneChannel(name, c, ['channels', name], issues);
    else if (c.type === 'pagerduty') channels[name] = { name, type: 'pagerduty', routingKey: c.routing_key, url: c.url ?? PAGERDUTY_URL, sendResolved };
    else {
      const port = c.smtp.port === undefined ? 587 : Number(c.smtp.port);
      channels[name] = {
        name,
        type: 'email',
        to: Object.freeze(typeof c.to === 'string' ? [c.to] : [...c.to]),
        from: c.from,
        smtp: Object.freeze({ host: c.smtp.host, port, secure: c.smtp.secure ?? port === 465, ...(c.smtp.user ? { user: c.smtp.user } : {}), ...(c.smtp.pass ? { pass: c.smtp.pass } : {}) }),
        sendResolved,
      };
    }
    Object.freeze(channels[name]);
  }
  const knownChannels = new Set(Object.keys(raw.channels ?? {}));
  const checkChannels = (names: readonly string[], path: readonly PathSegment[]): void =>
    names.forEach((name, i) => {
      if (!knownChannels.has(name)) issues.push({ path: [...path, i], message: `no channel "${name}" is declared under channels (declared: ${[...knownChannels].join(', ') || 'none'})` });
    });

  const metrics = new Map(context.metrics.map((m) => [m.id, m]));
  const alerts: AlertRule[] = [];
  const names = new Set<string>();
  (raw.alerts ?? []).forEach((value, index) => {
    const path = ['alerts', index];
    const a = parse(rawAlert, value, path);
    if (!a) return;
    if (names.has(a.name)) issues.push({ path: [...path, 'name'], message: `alert "${a.name}" is declared twice` });
    names.add(a.name);
    const levels: AlertLevel[] = [];
    const whens: [Severity, string, readonly PathSegment[]][] =
      typeof a.when === 'string'
        ? [[a.severity ?? 'P3', a.when, [...path, 'when']]]
        : Object.entries(a.when).map(([sev, text]) => [sev as Severity, text, [...path, 'when', sev]]);
    if (typeof a.when !== 'string' && a.severity !== undefined) {
      issues.push({ path: [...path, 'severity'], message: 'a rule with one condition per severity takes its severities from when; remove severity' });
    }
    for (const [sev, text, wpath] of whens) {
      const parsed = parseCondition(text);
      if (parsed.kind === 'invalid') {
        issues.push({ path: wpath, message: parsed.reason, ...(parsed.offset !== undefined ? { offset: parsed.offset } : {}) });
        continue;
      }
      const condition = parsed.condition;
      const names = { metrics, events: context.events, phases: context.phases ?? [], ...(context.slos ? { slos: context.slos } : {}) };
      for (const { message, offset } of locatedProblems(condition, text, names)) issues.push({ path: wpath, message, ...(offset !== undefined ? { offset } : {}) });
      levels.push(Object.freeze({ severity: sev, condition: Object.freeze(condition) }));
    }
    levels.sort((x, y) => SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity));
    // Template placeholders are cross-references too: a group field the metric does not have, or an unknown name, is an error.
    const groupFields = new Set(
      levels.flatMap(({ condition }) => {
        const metric = conditionMetric(condition);
        return metric === undefined ? [] : [...(metrics.get(metric)?.by ?? [])];
      }),
    );
    const labelNames = new Set(['alertname', 'severity', ...Object.keys(a.labels ?? {}), ...groupFields]);
    for (const key of ['summary', 'description'] as const) {
      const text = a[key];
      if (text === undefined) continue;
      for (const problem of templateProblems(text, groupFields, labelNames)) issues.push({ path: [...path, key], message: problem });
    }
    alerts.push(
      Object.freeze({
        name: a.name,
        levels: Object.freeze(levels),
        forMs: duration(a.for, 0, [...path, 'for']),
        keepFiringForMs: duration(a.keep_firing_for, 0, [...path, 'keep_firing_for']),
        ...(a.summary ? { summary: a.summary } : {}),
        ...(a.description ? { description: a.description } : {}),
        ...(a.public_summary ? { publicSummary: a.public_summary } : {}),
        ...(a.runbook ? { runbook: a.runbook } : {}),
        labels: Object.freeze({ ...a.labels }),
        noData: a.no_data ?? 'keep_last',
        onError: a.on_error ?? 'alerting',
        ...(a.incident !== undefined ? { incident: a.incident } : {}),
      }),
    );
  });

  /** A severity matcher that names no severity would silently never match: say so. */
  const checkSeverities = (match: Record<string, string | string[]> | undefined, path: readonly PathSegment[]): void => {
    const values = match?.severity === undefined ? [] : typeof match.severity === 'string' ? [match.severity] : match.severity;
    for (const value of values) {
      if (!(SEVERITIES as readonly string[]).includes(value)) issues.push({ path: [...path, 'severity'], message: `"${value}" is not a severity (P1, P2, P3, P4)` });
    }
  };
  const r = parse(rawRouting, raw.routing ?? {}, ['routing']) ?? {};
  (r.routes ?? []).forEach((route, i) => checkSeverities(route.match, ['routing', 'routes', i, 'match']));
  const matchOf = (m: Record<string, string | string[]> | undefined): LabelMatch =>
    Object.freeze(Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, Object.freeze(typeof v === 'string' ? [v] : [...v])])));
  const timeIntervals = resolveTimeIntervals(raw.time_intervals, reader, issues);
  const declaredIntervals = new Set((raw.time_intervals ?? []).map((t) => (t !== null && typeof t === 'object' && 'name' in t ? t.name : undefined)));
  const checkIntervals = (names: readonly string[], path: readonly PathSegment[]): void =>
    names.forEach((name, i) => {
      if (!declaredIntervals.has(name)) issues.push({ path: [...path, i], message: `no time interval "${name}" is declared under time_intervals (declared: ${Object.keys(timeIntervals).join(', ') || 'none'})` });
    });
  const routes: Route[] = (r.routes ?? []).map((route, i) => {
    checkChannels(route.channels ?? [], ['routing', 'routes', i, 'channels']);
    checkIntervals(route.mute_time_intervals ?? [], ['routing', 'routes', i, 'mute_time_intervals']);
    checkIntervals(route.active_time_intervals ?? [], ['routing', 'routes', i, 'active_time_intervals']);
    return Object.freeze({
      match: matchOf(route.match),
      channels: Object.freeze([...(route.channels ?? [])]),
      ...(route.escalation !== undefined ? { escalation: route.escalation } : {}),
      continue: route.continue ?? false,
      ...(route.mute_time_intervals !== undefined ? { muteTimeIntervals: Object.freeze([...new Set(route.mute_time_intervals)]) } : {}),
      ...(route.active_time_intervals !== undefined ? { activeTimeIntervals: Object.freeze([...new Set(route.active_time_intervals)]) } : {}),
    });
  });
  checkChannels(r.default ?? [], ['routing', 'default']);
  const routing: Routing = Object.freeze({
    groupBy: Object.freeze([...(r.group_by ?? ['alertname'])]),
    groupWaitMs: duration(r.group_wait, 30_000, ['routing', 'group_wait']),
    groupIntervalMs: duration(r.group_interval, 300_000, ['routing', 'group_interval']),
    repeatIntervalMs: duration(r.repeat_interval, 4 * 3_600_000, ['routing', 'repeat_interval']),
    routes: Object.freeze(routes),
    fallback: Object.freeze([...(r.default ?? [])]),
    timeIntervals,
  });

  const inhibit: InhibitRule[] = [];
  (raw.inhibit ?? []).forEach((value, i) => {
    const rule = parse(rawInhibit, value, ['inhibit', i]);
    if (rule) checkSeverities(rule.source, ['inhibit', i, 'source']);
    if (rule) checkSeverities(rule.target, ['inhibit', i, 'target']);
    if (rule) inhibit.push(Object.freeze({ source: matchOf(rule.source), target: matchOf(rule.target), equal: Object.freeze([...(rule.equal ?? [])]) }));
  });
  const n = parse(rawNotify, raw.notify ?? {}, ['notify']) ?? {};
  return {
    channels: Object.freeze(channels),
    alerts: Object.freeze(alerts),
    routing,
    inhibit: Object.freeze(inhibit),
    notify: Object.freeze({ giveUpAfterMs: duration(n.give_up_after, 3_600_000, ['notify', 'give_up_after']) }),
  };
}

/**
 * The Alertmanager API v2 wire format (api/v2/openapi.yaml of Alertmanager
 * 0.25): request schemas, and alerts, silences and routing as its clients
 * (Prometheus, amtool's generated client) expect them: every required field
 * present, times as RFC 3339 date-times.
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import type { AlertView } from '../../alerting/engine.js';
import { routeAlert, silenceState } from '../../alerting/match.js';
import { fingerprintOf } from '../../alerting/state.js';
import type { Labels, Silence } from '../../alerting/types.js';
import type { InclusiveRange, LabelMatch, TimeInterval, TimeRange } from '../../plan/alert-types.js';
import { formatDuration } from '../../plan/duration.js';
import type { Plan } from '../../plan/types.js';

const dateTime = z.iso.datetime({ offset: true });
const labelSet = z.record(z.string(), z.string());

/** One alert of Prometheus's postableAlerts; unknown fields are ignored, as Alertmanager does. */
export const postableAlert = z.object({
  labels: labelSet,
  annotations: labelSet.optional(),
  startsAt: dateTime.optional(),
  endsAt: dateTime.optional(),
  generatorURL: z.string().optional(),
});
export type PostableAlert = z.infer<typeof postableAlert>;

export const postableSilence = z.object({
  id: z.string().optional(),
  matchers: z
    .array(z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().optional() }))
    .min(1, 'at least one matcher is required'),
  startsAt: dateTime,
  endsAt: dateTime,
  createdBy: z.string(),
  comment: z.string(),
});

const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v !== 'false');
const filter = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : typeof v === 'string' ? [v] : v));

/** `unprocessed` is accepted (amtool always sends it) but selects nothing: every alert listed here has been processed. */
export const alertsQuery = z.object({ active: flag, silenced: flag, inhibited: flag, unprocessed: flag, filter, receiver: z.string().optional() });
export const silencesQuery = z.object({ filter });

/** Go's zero time, 0001-01-01T00:00:00Z, which Go senders use for "not set". */
const GO_ZERO_TIME_MS = -62_135_596_800_000;

/** Epoch ms of a posted time; null when absent or Go's zero time. */
export function postedTime(text: string | undefined): number | null {
  if (text === undefined) return null;
  const ms = Date.parse(text);
  return ms <= GO_ZERO_TIME_MS ? null : ms;
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why a posted label set is refused (Alertmanager's LabelSet.Validate), or null. */
export function labelProblem(labels: Labels, what: 'labels' | 'annotations'): string | null {
  const names = Object.keys(labels);
  if (what === 'labels' && names.length === 0) return 'labels: at least one label pair required';
  const bad = names.find((name) => !LABEL_NAME.test(name));
  return bad === undefined ? null : `${what}.${bad}: invalid label name`;
}

/** Alertmanager drops labels whose value is empty. */
export function withoutEmpty(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== ''));
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The channels an alert is routed to, as Alertmanager's receiver names. */
export function receiversOf(plan: Plan, labels: Labels): string[] {
  return [...new Set(routeAlert(plan.routing, labels).flatMap((r) => r.channels))];
}

/** A gettableAlert. `endsAt` is required: the caller gives when the alert is expected to end. */
export function gettableAlert(view: AlertView, receivers: readonly string[], endsAt: number, generatorURL: string | undefined) {
  const a = view.alert;
  const suppressed = view.silencedBy.length > 0 || view.inhibitedBy.length > 0;
  return {
    labels: a.labels,
    annotations: a.annotations,
    startsAt: iso(a.firedAt ?? a.activeAt ?? a.since),
    endsAt: iso(endsAt),
    updatedAt: iso(a.lastEvaluatedAt),
    fingerprint: a.fingerprint,
    receivers: receivers.map((name) => ({ name })),
    status: { state: suppressed ? ('suppressed' as const) : ('active' as const), silencedBy: view.silencedBy, inhibitedBy: view.inhibitedBy },
    ...(generatorURL ? { generatorURL } : {}),
  };
}

export function gettableSilence(s: Silence, now: number) {
  return {
    id: s.id,
    status: { state: silenceState(s, now) },
    updatedAt: iso(s.updatedAt),
    matchers: s.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual })),
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    createdBy: s.createdBy,
    comment: s.comment,
  };
}

/** A duration as Alertmanager's configuration spells it (`0s` rather than `0ms`). */
const duration = (ms: number): string => (ms === 0 ? '0s' : formatDuration(ms));

const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A plan label match as Alertmanager matcher strings: `name="v"`, or `name=~"a|b"` for several values. */
function matcherTexts(match: LabelMatch): string[] {
  return Object.entries(match).map(([name, values]) =>
    values.length === 1 ? `${name}=${JSON.stringify(values[0] ?? '')}` : `${name}=~${JSON.stringify(values.map(escapeRegex).join('|'))}`,
  );
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const clock = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
/** A range as Alertmanager writes it: `a` when it is one value, else `a:b`. */
const rangeText = (r: InclusiveRange, name: (n: number) => string = String): string => (r.begin === r.end ? name(r.begin) : `${name(r.begin)}:${name(r.end)}`);

/** A plan time interval's period in Alertmanager's time_interval form. */
function periodConfig(p: TimeInterval) {
  return {
    ...(p.times ? { times: p.times.map((t: TimeRange) => ({ start_time: clock(t.startMinute), end_time: clock(t.endMinute) })) } : {}),
    ...(p.weekdays ? { weekdays: p.weekdays.map((r) => rangeText(r, (n) => WEEKDAYS[n] ?? String(n))) } : {}),
    ...(p.daysOfMonth ? { days_of_month: p.daysOfMonth.map((r) => rangeText(r)) } : {}),
    ...(p.months ? { months: p.months.map((r) => rangeText(r, (n) => MONTHS[n - 1] ?? String(n))) } : {}),
    ...(p.years ? { years: p.years.map((r) => rangeText(r)) } : {}),
    ...(p.location !== undefined ? { location: p.location } : {}),
  };
}

/** The receiver of the root route when the plan has no fallback channel: one that sends nothing, named unlike any channel. */
export function noChannel(plan: Plan): string {
  let name = 'none';
  while (Object.hasOwn(plan.channels, name)) name += '_';
  return name;
}

/**
 * The plan's routing as an Alertmanager configuration (the `original` of
 * GET /api/v2/status), so `amtool config show` and `amtool config routes`
 * can read it. Receivers are the channels by name, without their settings:
 * no URL, key or password is shown. A route with several channels becomes
 * one sub-route per channel, all but the last with `continue`. Alertmanager's
 * root route has one receiver, so a fallback with several channels names the
 * first one there and the others in a comment. The plan's time intervals
 * are Alertmanager's top-level time_intervals, named by the sub-routes.
 */
export function configText(plan: Plan, version: string): string {
  const { routing } = plan;
  const root = routing.fallback[0] ?? noChannel(plan);
  const routes = routing.routes.flatMap((route) =>
    route.channels.map((channel, i) => ({
      receiver: channel,
      matchers: matcherTexts(route.match),
      continue: i < route.channels.length - 1 || route.continue,
      ...(route.muteTimeIntervals?.length ? { mute_time_intervals: [...route.muteTimeIntervals] } : {}),
      ...(route.activeTimeIntervals?.length ? { active_time_intervals: [...route.activeTimeIntervals] } : {}),
    })),
  );
  const intervals = Object.entries(routing.timeIntervals ?? {});
  const config = {
    route: {
      receiver: root,
      group_by: [...routing.groupBy],
      group_wait: duration(routing.groupWaitMs),
      group_interval: duration(routing.groupIntervalMs),
      repeat_interval: duration(routing.repeatIntervalMs),
      ...(routes.length > 0 ? { routes } : {}),
    },
    ...(plan.inhibit.length > 0
      ? { inhibit_rules: plan.inhibit.map((r) => ({ source_matchers: matcherTexts(r.source), target_matchers: matcherTexts(r.target), equal: [...r.equal] })) }
      : {}),
    receivers: [...new Set([...Object.keys(plan.channels), root])].map((name) => ({ name })),
    ...(intervals.length > 0 ? { time_intervals: intervals.map(([name, periods]) => ({ name, time_intervals: periods.map(periodConfig) })) } : {}),
  };
  const header = [`# launchwatch ${version}: the plan's routing; channel settings are not shown.`];
  if (routing.fallback.length > 1) header.push(`# Alerts no route matches also go to: ${routing.fallback.slice(1).join(', ')}.`);
  return `${header.join('\n')}\n${stringify(config)}`;
}

/** Alertmanager's default resolve_timeout: an alert posted without an end time ends this long after it was posted. */
export const RESOLVE_TIMEOUT_MS = 5 * 60_000;

export interface AdmittedAlert {
  /** Of the labels (state.ts fingerprintOf), computed once here for the engine and the generator URLs. */
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: number;
  readonly endsAt: number;
  /** The sender's generatorURL, passed on to webhooks. */
  readonly generatorUrl?: string;
}

export type AdmitOutcome = { readonly kind: 'admitted'; readonly alert: AdmittedAlert } | { readonly kind: 'rejected'; readonly reason: string };

/**
 * A posted alert as Alertmanager takes it in (api/v2 postAlertsHandler): empty
 * labels dropped, a missing start is the end (or now), a missing end is now
 * plus the resolve timeout, and the end may not come before the start.
 */
export function admitAlert(posted: PostableAlert, now: number): AdmitOutcome {
  const labels = withoutEmpty(posted.labels);
  const annotations = posted.annotations ?? {};
  const problem = labelProblem(labels, 'labels') ?? labelProblem(annotations, 'annotations');
  if (problem !== null) return { kind: 'rejected', reason: problem };
  const endsAt = postedTime(posted.endsAt);
  const startsAt = postedTime(posted.startsAt) ?? endsAt ?? now;
  if (endsAt !== null && endsAt < startsAt) return { kind: 'rejected', reason: 'endsAt: the end time must not be before the start time' };
  const generatorUrl = posted.generatorURL ? { generatorUrl: posted.generatorURL } : {};
  return { kind: 'admitted', alert: { fingerprint: fingerprintOf(labels), labels, annotations, startsAt, endsAt: endsAt ?? now + RESOLVE_TIMEOUT_MS, ...generatorUrl } };
}

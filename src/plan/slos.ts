/**
 * The `slos:` section: service level objectives over a rolling window, their
 * SLI (good events among the events of a type, a probe's successful results,
 * incidents acknowledged in time), optional groups, and the page and ticket
 * burn-rate alerts, generated here as ordinary alert rules named
 * `<slo>_page` and `<slo>_ticket` with the label `slo`. Shapes (zod) and
 * meaning, returning every issue.
 *
 *   slos:
 *     checkout_availability:
 *       objective: 99.5%
 *       window: 30d
 *       sli: { events: api_request, where: { route: /checkout }, good: { status: { lt: 500 } } }
 *       alerts: { page: { severity: P1 }, ticket: { severity: P3 } }
 */
import { z } from 'zod';
import { SEVERITIES, type AlertRule, type Severity } from './alert-types.js';
import { formatDuration, parseDuration } from './duration.js';
import { INCIDENT_GROUP_FIELD, INCIDENT_SEVERITIES } from './incident-types.js';
import type { PathSegment, PlanIssue } from './issue.js';
import { fieldSpec, type EventSpec, type Filter } from './metric-types.js';
import { BUILTIN_EVENTS } from './privacy.js';
import { PROBE_EVENT, type ProbeSpec } from './probe-types.js';
import { rawWhere } from './schema.js';
import { NAME, sectionReader } from './section.js';
import { INCIDENT_SLI_FIGURES, SLO_ALERT_KINDS, sloAlertName, type BurnWindowPair, type SliSpec, type SloAlertKind, type SloAlertSpec, type SloSpec, type SlosPlan } from './slo-types.js';
import { defaultWindows } from './slo-windows.js';

const rawPair = z.strictObject({ long: z.string(), short: z.string(), factor: z.number().positive() });
const rawSloAlert = z.strictObject({ severity: z.enum(SEVERITIES).optional(), windows: z.array(rawPair).min(1).optional() });
const severities = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.enum(INCIDENT_SEVERITIES, { error: `a severity is one of ${INCIDENT_SEVERITIES.join(', ')}` })).min(1));

export const rawSli = z.strictObject({
  events: z.string().optional(),
  where: rawWhere.optional(),
  good: rawWhere.optional(),
  probe: z.string().optional(),
  incidents: z.enum(INCIDENT_SLI_FIGURES, { error: `incidents is one of ${INCIDENT_SLI_FIGURES.join(', ')}` }).optional(),
  within: z.string().optional(),
  severity: severities.optional(),
});

export const rawSlo = z.strictObject({
  title: z.string().min(1).optional(),
  description: z.string().optional(),
  objective: z.union([z.string(), z.number()]),
  window: z.string(),
  sli: rawSli,
  by: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  alerts: z.strictObject({ page: rawSloAlert.optional(), ticket: rawSloAlert.optional() }).optional(),
});

type RawSli = z.infer<typeof rawSli>;
type RawWhere = z.infer<typeof rawWhere>;

const DEFAULT_SEVERITY: Readonly<Record<SloAlertKind, Severity>> = { page: 'P1', ticket: 'P3' };

export interface SloContext {
  readonly events: Readonly<Record<string, EventSpec>>;
  readonly probes: Readonly<Record<string, ProbeSpec>>;
  /** The alert rules as written under alerts: a generated rule may not take the name of one. */
  readonly alerts: readonly unknown[];
  /** A where clause checked against an event (resolve.ts's, as a metric's where). */
  readonly filters: (event: EventSpec, where: RawWhere, path: readonly PathSegment[], issues: PlanIssue[]) => Filter[];
}

/** `99.5%` (or 99.5) as 0.995; undefined after recording why it is not an objective. */
export function parseObjective(value: string | number, path: readonly PathSegment[], issues: PlanIssue[]): number | undefined {
  const text = String(value).trim();
  const match = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text);
  if (!match) {
    issues.push({ path, message: `"${text}" is not an objective (expected a percentage such as 99.5%)` });
    return undefined;
  }
  const percent = Number(match[1]);
  if (!(percent > 0 && percent < 100)) {
    issues.push({ path, message: `the objective must be above 0% and below 100% (${text} leaves ${percent >= 100 ? 'no error budget' : 'nothing to promise'})` });
    return undefined;
  }
  return Number((percent / 100).toPrecision(15));
}

function positiveDuration(text: string, path: readonly PathSegment[], issues: PlanIssue[]): number | undefined {
  const parsed = parseDuration(text);
  if (parsed.kind === 'invalid') issues.push({ path, message: parsed.reason });
  else if (parsed.ms < 60_000 || parsed.ms % 60_000 !== 0) issues.push({ path, message: `SLO windows are whole minutes, at least 1m ("${text}")` });
  return parsed.kind === 'ok' && parsed.ms >= 60_000 && parsed.ms % 60_000 === 0 ? parsed.ms : undefined;
}

function refuse(sli: RawSli, keys: readonly (keyof RawSli)[], form: string, path: readonly PathSegment[], issues: PlanIssue[]): void {
  for (const key of keys) if (sli[key] !== undefined) issues.push({ path: [...path, key], message: `a ${form} SLI takes no ${key}`, atKey: true });
}

function declared(names: readonly string[]): string {
  return names.join(', ') || 'none';
}

function eventsSli(sli: RawSli & { events: string }, path: readonly PathSegment[], context: SloContext, issues: PlanIssue[]): { sli: SliSpec; event: EventSpec } | undefined {
  refuse(sli, ['probe', 'within', 'severity'], 'events', path, issues);
  const event = context.events[sli.events];
  if (!event) {
    const names = Object.keys(context.events).filter((n) => n !== PROBE_EVENT && !Object.hasOwn(BUILTIN_EVENTS, n));
    issues.push({ path: [...path, 'events'], message: `no event "${sli.events}" is declared under events (declared: ${declared(names)})` });
    return undefined;
  }
  if (sli.good === undefined) {
    issues.push({ path, message: 'an events SLI needs good: the conditions a good event meets, e.g. good: { status: { lt: 500 } }' });
    return undefined;
  }
  const where = context.filters(event, sli.where ?? {}, [...path, 'where'], issues);
  const good = context.filters(event, sli.good, [...path, 'good'], issues);
  if (good.length === 0) issues.push({ path: [...path, 'good'], message: 'good needs at least one condition' });
  return { sli: Object.freeze({ kind: 'events', event: event.name, where: Object.freeze(where), good: Object.freeze(good) }), event };
}

/** The SLI and the event it reads (none for incidents), or undefined after recording its issues. */
function resolveSli(sli: RawSli, path: readonly PathSegment[], context: SloContext, issues: PlanIssue[]): { sli: SliSpec; event?: EventSpec } | undefined {
  const forms = (['events', 'probe', 'incidents'] as const).filter((key) => sli[key] !== undefined);
  if (forms.length !== 1) {
    issues.push({ path, message: forms.length === 0 ? 'an SLI needs one of: events, probe, incidents' : `an SLI takes one of events, probe, incidents; this one has ${forms.join(' and ')}` });
    return undefined;
  }
  if (sli.events !== undefined) return eventsSli({ ...sli, events: sli.events }, path, context, issues);
  if (sli.probe !== undefined) {
    refuse(sli, ['where', 'good', 'within', 'severity'], 'probe', path, issues);
    if (!Object.hasOwn(context.probes, sli.probe)) {
      issues.push({ path: [...path, 'probe'], message: `no probe "${sli.probe}" is declared under probes (declared: ${declared(Object.keys(context.probes))})` });
      return undefined;
    }
    const event = context.events[PROBE_EVENT];
    return { sli: Object.freeze({ kind: 'probe', probe: sli.probe }), ...(event ? { event } : {}) };
  }
  refuse(sli, ['where', 'good'], 'incidents', path, issues);
  if (sli.within === undefined) {
    issues.push({ path, message: 'an incidents SLI needs within: how soon an incident must be acknowledged, e.g. within: 15m' });
    return undefined;
  }
  const within = parseDuration(sli.within);
  if (within.kind === 'invalid' || within.ms <= 0) {
    issues.push({ path: [...path, 'within'], message: within.kind === 'invalid' ? within.reason : 'within must be longer than zero' });
    return undefined;
  }
  return { sli: Object.freeze({ kind: 'incidents', figure: sli.incidents ?? 'acknowledged_within', withinMs: within.ms, severities: Object.freeze([...new Set(sli.severity ?? [])]) }) };
}

function resolveBy(by: string | readonly string[] | undefined, sli: SliSpec, event: EventSpec | undefined, path: readonly PathSegment[], issues: PlanIssue[]): string[] {
  const fields = by === undefined ? [] : typeof by === 'string' ? [by] : [...by];
  fields.forEach((field, i) => {
    const at = typeof by === 'string' ? path : [...path, i];
    if (sli.kind === 'incidents') {
      if (field !== INCIDENT_GROUP_FIELD) issues.push({ path: at, message: `an incidents SLI can only be grouped by ${INCIDENT_GROUP_FIELD}` });
    } else if (event && !fieldSpec(event, field)) {
      issues.push({ path: at, message: `event "${event.name}" has no field "${field}" (it has: user_id, session_id, ${Object.keys(event.properties).join(', ')})` });
    }
  });
  return fields;
}

function resolvePairs(raw: z.infer<typeof rawPair>[], path: readonly PathSegment[], issues: PlanIssue[]): BurnWindowPair[] {
  const pairs: BurnWindowPair[] = [];
  raw.forEach((pair, i) => {
    const longMs = positiveDuration(pair.long, [...path, i, 'long'], issues);
    const shortMs = positiveDuration(pair.short, [...path, i, 'short'], issues);
    if (longMs === undefined || shortMs === undefined) return;
    if (shortMs >= longMs) issues.push({ path: [...path, i, 'short'], message: `the short window (${pair.short}) must be shorter than the long one (${pair.long})` });
    else pairs.push(Object.freeze({ longMs, shortMs, factor: pair.factor }));
  });
  return pairs;
}

function alertRule(slo: SloSpec, kind: SloAlertKind, spec: SloAlertSpec): AlertRule {
  const name = sloAlertName(slo.id, kind);
  const text = `slo_burn(${slo.id}, ${kind})`;
  const pairs = spec.windows.map((p) => `${p.factor}x over ${formatDuration(p.longMs)} and ${formatDuration(p.shortMs)}`).join(', or ');
  return Object.freeze({
    name,
    levels: Object.freeze([Object.freeze({ severity: spec.severity, condition: Object.freeze({ kind: 'slo_burn' as const, slo: slo.id, alert: kind, text }) })]),
    forMs: 0,
    keepFiringForMs: 0,
    summary: `${slo.title}: the error budget burns too fast (${kind})`,
    description: `The error budget of SLO ${slo.id} (${Number((slo.objective * 100).toPrecision(12))}% over ${formatDuration(slo.windowMs)}) burns faster than ${pairs}. {{ value }} is the burn rate as a multiple of the factor of the pair that burns most.`,
    labels: Object.freeze({ slo: slo.id }),
    noData: 'ok',
    onError: 'keep_last',
  });
}

export function resolveSlos(
  raw: { readonly slos?: Record<string, unknown> },
  context: SloContext,
  issues: PlanIssue[],
  zodIssues: (error: z.ZodError, base: readonly PathSegment[]) => PlanIssue[],
): SlosPlan & { readonly sloAlerts: readonly AlertRule[] } {
  const { parse } = sectionReader(issues, zodIssues);
  const alertNames = context.alerts.map((a) => (typeof a === 'object' && a !== null && 'name' in a ? a.name : undefined));
  const slos: SloSpec[] = [];
  const alerts: AlertRule[] = [];
  for (const [id, value] of Object.entries(raw.slos ?? {})) {
    const path = ['slos', id];
    if (!NAME.test(id)) {
      issues.push({ path, message: 'an SLO id must be lower-case letters, digits and _, starting with a letter (at most 63 characters)', atKey: true });
      continue;
    }
    const before = issues.length;
    const s = parse(rawSlo, value, path);
    if (!s) continue;
    const objective = parseObjective(s.objective, [...path, 'objective'], issues);
    const windowMs = positiveDuration(s.window, [...path, 'window'], issues);
    const sli = resolveSli(s.sli, [...path, 'sli'], context, issues);
    const by = sli ? resolveBy(s.by, sli.sli, sli.event, [...path, 'by'], issues) : [];
    const alertSpecs: Partial<Record<SloAlertKind, SloAlertSpec>> = {};
    for (const kind of SLO_ALERT_KINDS) {
      const given = s.alerts?.[kind];
      if (!given || windowMs === undefined) continue;
      const name = sloAlertName(id, kind);
      if (alertNames.includes(name)) issues.push({ path: [...path, 'alerts', kind], message: `the ${kind} alert of this SLO is named "${name}", which an alert under alerts already is`, atKey: true });
      const windows = given.windows ? resolvePairs(given.windows, [...path, 'alerts', kind, 'windows'], issues) : defaultWindows(kind, windowMs);
      alertSpecs[kind] = Object.freeze({ severity: given.severity ?? DEFAULT_SEVERITY[kind], windows: Object.freeze(windows) });
    }
    if (issues.length > before || objective === undefined || windowMs === undefined || !sli) continue;
    const slo: SloSpec = Object.freeze({ id, title: s.title ?? id, objective, windowMs, sli: sli.sli, by: Object.freeze(by), alerts: Object.freeze(alertSpecs) });
    slos.push(slo);
    for (const kind of SLO_ALERT_KINDS) {
      const spec = slo.alerts[kind];
      if (spec) alerts.push(alertRule(slo, kind, spec));
    }
  }
  return { slos: Object.freeze(slos), sloAlerts: Object.freeze(alerts) };
}

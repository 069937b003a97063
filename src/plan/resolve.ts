/**
 * From the raw YAML value to a typed `Plan`: shape (zod), then meaning
 * (cross-references, types of compared values). Pure; returns every issue found.
 */
import type { z } from 'zod';
import { CHANNEL_TYPES, resolveAlerting } from './alerting.js';
import { isFormulaMetric, linkFormulas, parseFormulaMetric, type ParsedFormula } from './formula-metrics.js';
import { resolveIncidentMetric } from './incident-metrics.js';
import { resolveIncidents } from './incidents.js';
import { resolveBaselines } from './baselines.js';
import { resolveOnCall } from './oncall.js';
import { resolveReports } from './reports.js';
import { resolveTalk } from './talk.js';
import { resolveCriteria } from './criteria.js';
import { resolveSlos } from './slos.js';
import { expandUptimeSugar, resolveProbes, uptimeConditionMetrics } from './probes.js';
import { resolveRetentionMeasure } from './retention.js';
import { resolveFunnelMetric } from './funnel.js';
import { resolveHaving } from './having.js';
import type { RawWhere } from './where.js';
import { checkGithubMetrics, defaultGithubWindow, resolveGithubMetric, resolveSources } from './sources.js';
import { checkPrometheusMetrics, defaultPrometheusWindow, resolvePrometheusMetric } from './prometheus.js';
import { BUILTIN_EVENTS, resolvePrivacy } from './privacy.js';
import { parseDuration } from './duration.js';
import { rawEvent, rawMetric, rawMetricLoose, rawPlan, type RawMetric } from './schema.js';
import { resolveTarget } from './plan-targets.js';
import type { PathSegment, PlanIssue } from './issue.js';
import {
  BUILTIN_FIELDS,
  RESERVED_NAMES,
  fieldSpec,
  type Condition,
  type EventSpec,
  type Filter,
  type GroupTarget,
  type Measure,
  type MetricSpec,
  type Plan,
  type PropertySpec,
  type Scalar,
} from './types.js';

export type ResolveResult = { kind: 'ok'; plan: Plan } | { kind: 'invalid'; issues: PlanIssue[] };

const DEFAULT_MAX_BODY = 5 * 1024 * 1024;

function zodIssues(error: z.ZodError, base: readonly PathSegment[]): PlanIssue[] {
  const issues: PlanIssue[] = [];
  for (const issue of error.issues) {
    const path = [...base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...path, key], message: `unknown key "${key}"`, atKey: true });
    } else if (issue.code === 'invalid_key') {
      issues.push({ path, message: issue.issues[0]?.message ?? issue.message, atKey: true });
    } else if (issue.code === 'invalid_union') {
      issues.push({ path, message: describeUnion(path) });
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  return issues;
}

function describeUnion(path: readonly PathSegment[]): string {
  const parent = path[path.length - 3];
  if (parent === 'events' || path[0] === 'events') {
    return 'expected a property type (string, number, boolean) or { type, enum, optional }';
  }
  if (path.at(-1) === 'when') {
    return 'expected a condition ("metric < 80%") or one per severity ({ P2: "lat > 2000", P1: "lat > 5000" }, severities P1..P4)';
  }
  if (path.at(-1) === 'having') return 'expected { count: "> 20" } or { sum: { of: <number property>, threshold: "> 100" } }';
  if (path.includes('where') || path.includes('ratio')) {
    return 'expected a value, a list of values, a comparison { gt | gte | lt | lte | ne: value }, or (any:) a list of filter maps';
  }
  if (path[0] === 'channels' && path.length === 3 && path[2] === 'type') return `expected a channel type: ${CHANNEL_TYPES.join(', ')}`;
  return 'invalid value';
}

function parseBytes(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?$/i.exec(value.trim());
  if (!match) return undefined;
  const scale = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[(match[2] ?? 'B').toUpperCase() as 'B'];
  return Math.round(Number(match[1]) * scale);
}

function resolveEvent(name: string, value: unknown, issues: PlanIssue[]): EventSpec | undefined {
  const parsed = rawEvent.safeParse(value ?? {});
  if (!parsed.success) {
    issues.push(...zodIssues(parsed.error, ['events', name]));
    return undefined;
  }
  const properties: Record<string, PropertySpec> = {};
  for (const [prop, spec] of Object.entries(parsed.data)) {
    if (RESERVED_NAMES.includes(prop)) {
      issues.push({ path: ['events', name, prop], message: `"${prop}" is a field of every event and cannot be declared as a property`, atKey: true });
      continue;
    }
    if (typeof spec === 'string') {
      properties[prop] = { type: spec, optional: false };
      continue;
    }
    const type = spec.type ?? 'string';
    if (spec.enum && type !== 'string') {
      issues.push({ path: ['events', name, prop, 'enum'], message: 'enum is only allowed on string properties' });
    }
    properties[prop] = {
      type,
      optional: spec.optional ?? false,
      ...(spec.enum ? { enum: Object.freeze([...spec.enum]) } : {}),
    };
  }
  return { name, properties: Object.freeze(properties) };
}

/** Checks a field name against an event and returns its spec. */
function checkField(event: EventSpec, field: string, path: readonly PathSegment[], issues: PlanIssue[], atKey = false): PropertySpec | undefined {
  const spec = fieldSpec(event, field);
  if (!spec) {
    const known = [...BUILTIN_FIELDS, ...Object.keys(event.properties)].join(', ');
    issues.push({ path, message: `event "${event.name}" has no field "${field}" (it has: ${known})`, atKey });
  }
  return spec;
}

function checkValue(spec: PropertySpec, field: string, value: Scalar, path: readonly PathSegment[], issues: PlanIssue[]): void {
  if (typeof value !== spec.type) {
    issues.push({ path, message: `"${field}" is a ${spec.type}, but ${JSON.stringify(value)} is a ${typeof value}` });
  } else if (spec.enum && typeof value === 'string' && !spec.enum.includes(value)) {
    issues.push({ path, message: `"${value}" is not one of the values of "${field}" (${spec.enum.join(', ')})` });
  }
}

const isFilterMap = (value: unknown): value is RawWhere => typeof value === 'object' && value !== null && !Array.isArray(value);

function resolveFilters(event: EventSpec, where: RawWhere, base: readonly PathSegment[], issues: PlanIssue[]): Filter[] {
  const filters: Filter[] = [];
  for (const [field, raw] of Object.entries(where)) {
    if (Array.isArray(raw) && raw.some(isFilterMap)) {
      // Only `any:` takes filter maps (the schema refuses a list mixing them with values).
      if (field !== 'any') issues.push({ path: [...base, field], message: `a list of filter maps is only allowed under any:; "${field}" takes a value, a list of values or a comparison` });
      else filters.push(Object.freeze({ any: Object.freeze(raw.filter(isFilterMap).map((alt, i) => Object.freeze(resolveFilters(event, alt, [...base, 'any', i], issues)))) }));
      continue;
    }
    const spec = checkField(event, field, [...base, field], issues, true);
    const conditions: Condition[] = [];
    if (Array.isArray(raw)) {
      const values = raw.filter((v): v is Scalar => !isFilterMap(v));
      conditions.push({ op: 'in', values: Object.freeze(values) });
      if (spec) values.forEach((v, i) => checkValue(spec, field, v, [...base, field, i], issues));
    } else if (typeof raw === 'object') {
      for (const [op, value] of Object.entries(raw)) {
        if (value === undefined) continue;
        conditions.push({ op: op as 'gt', value });
        if (!spec) continue;
        if (op !== 'ne' && spec.type === 'boolean') {
          issues.push({ path: [...base, field, op], message: `"${field}" is a boolean and can only be compared for equality` });
        } else {
          checkValue(spec, field, value, [...base, field, op], issues);
        }
      }
    } else {
      conditions.push({ op: 'eq', value: raw });
      if (spec) checkValue(spec, field, raw, [...base, field], issues);
    }
    for (const condition of conditions) filters.push(Object.freeze({ field, condition }));
  }
  return filters;
}



const MEASURE_KEYS = ['count', 'distinct', 'ratio', 'quantile', 'mean', 'sum', 'share', 'nps', 'max', 'min', 'retention'] as const;

/** The measure keys a metric has; with share, distinct says what it shares (users), it is no measure of its own. */
const measuresOf = (raw: RawMetric) => MEASURE_KEYS.filter((key) => raw[key] !== undefined && !(key === 'distinct' && raw.share !== undefined));

function resolveMeasure(event: EventSpec, raw: RawMetric, base: readonly PathSegment[], issues: PlanIssue[]): Measure | undefined {
  const present = measuresOf(raw);
  if (present.length !== 1) {
    issues.push({
      path: base,
      message:
        present.length === 0
          ? `a metric needs exactly one of: ${MEASURE_KEYS.join(', ')}`
          : `a metric takes exactly one of ${MEASURE_KEYS.join(', ')}; this one has ${present.join(' and ')}`,
    });
    return undefined;
  }
  const numeric = (field: string, key: string, path: readonly PathSegment[] = [...base, key]): void => {
    const spec = checkField(event, field, path, issues);
    if (spec && spec.type !== 'number') {
      issues.push({ path, message: `"${field}" is a ${spec.type}; ${key} needs a number property` });
    }
  };
  if (raw.having !== undefined && present[0] !== 'distinct') {
    issues.push({ path: [...base, 'having'], message: 'having applies to distinct: it keeps the values (users) whose events pass it', atKey: true });
  }
  switch (present[0]) {
    case 'count':
      return { kind: 'count' };
    case 'distinct': {
      checkField(event, raw.distinct ?? '', [...base, 'distinct'], issues);
      if (raw.having === undefined) return { kind: 'distinct', field: raw.distinct ?? '' };
      const having = resolveHaving(raw.having, [...base, 'having'], (field, path) => numeric(field, 'having sum', path), issues);
      return having && { kind: 'distinct', field: raw.distinct ?? '', having: Object.freeze(having) };
    }
    case 'ratio':
      return { kind: 'ratio', match: resolveFilters(event, raw.ratio ?? {}, [...base, 'ratio'], issues) };
    case 'quantile':
      numeric(raw.quantile?.of ?? '', 'quantile');
      return { kind: 'quantile', of: raw.quantile?.of ?? '', q: raw.quantile?.q ?? 0.5 };
    case 'mean':
      numeric(raw.mean ?? '', 'mean');
      return { kind: 'mean', of: raw.mean ?? '' };
    case 'sum':
      numeric(raw.sum ?? '', 'sum');
      return { kind: 'sum', of: raw.sum ?? '' };
    case 'share':
      checkField(event, raw.share ?? '', [...base, 'share'], issues);
      if (raw.distinct !== undefined) checkField(event, raw.distinct, [...base, 'distinct'], issues);
      return { kind: 'share', of: raw.share ?? '', ...(raw.distinct !== undefined ? { distinct: raw.distinct } : {}) };
    case 'nps':
      numeric(raw.nps ?? '', 'nps');
      return { kind: 'nps', of: raw.nps ?? '' };
    case 'max':
      numeric(raw.max ?? '', 'max');
      return { kind: 'max', of: raw.max ?? '' };
    case 'min':
      numeric(raw.min ?? '', 'min');
      return { kind: 'min', of: raw.min ?? '' };
    case 'retention':
      return resolveRetentionMeasure(raw.retention, [...base, 'retention'], issues);
    default:
      return undefined;
  }
}

function defaultUnit(measure: Measure, per: string | undefined): string {
  if (measure.kind === 'ratio' || measure.kind === 'share' || measure.kind === 'retention' || measure.kind === 'funnel') return 'percent';
  if ((measure.kind === 'count' || measure.kind === 'distinct') && per === undefined) return 'count';
  return '';
}

/** A metric's window in ms, or undefined after recording why it is not one. */
function durationOf(text: string, path: readonly PathSegment[], issues: PlanIssue[]): number | undefined {
  const window = parseDuration(text);
  if (window.kind === 'invalid') issues.push({ path, message: window.reason });
  else if (window.ms <= 0) issues.push({ path, message: 'the window must be longer than zero' });
  return window.kind === 'ok' && window.ms > 0 ? window.ms : undefined;
}

/**
 * A metric as written, checked against the schema. The keys that are wrong
 * are reported and set aside (`broken`), and the rest is still returned, so
 * that one error does not hide the metric's others; undefined when the
 * metric is not a map at all.
 */
function parseMetric(value: unknown, base: readonly PathSegment[], issues: PlanIssue[]): { raw: RawMetric; broken: ReadonlySet<string> } | undefined {
  const strict = rawMetric.safeParse(value ?? {});
  if (strict.success) return { raw: strict.data, broken: new Set() };
  issues.push(...zodIssues(strict.error, base));
  const broken = new Set<string>();
  for (const issue of strict.error.issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) continue;
    const key = issue.path[0];
    if (typeof key !== 'string') return undefined;
    broken.add(key);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const rest = Object.fromEntries(Object.entries(value).filter(([key]) => !broken.has(key)));
  const loose = rawMetricLoose.safeParse(broken.has('window') ? { ...rest, window: '' } : rest);
  return loose.success ? { raw: loose.data, broken } : undefined;
}

/** The event a metric reads, or undefined after recording why there is none (nothing when the event has errors of its own). */
function metricEvent(raw: RawMetric, broken: ReadonlySet<string>, events: Record<string, EventSpec>, invalidEvents: ReadonlySet<string>, base: readonly PathSegment[], issues: PlanIssue[]): EventSpec | undefined {
  if (raw.from === undefined) {
    if (!broken.has('from')) issues.push({ path: base, message: 'a metric needs from: the event it is computed from (or incidents: for an incident figure)' });
    return undefined;
  }
  if (invalidEvents.has(raw.from)) return undefined;
  const event = events[raw.from];
  if (!event) {
    const declared = Object.keys(events).filter((name) => !Object.hasOwn(BUILTIN_EVENTS, name));
    issues.push({ path: [...base, 'from'], message: `no event "${raw.from}" is declared under events (declared: ${declared.join(', ') || 'none'})` });
  }
  return event;
}

/** What can be checked of a metric without its event: that it has one measure, and its targets' thresholds. */
function checkWithoutEvent(raw: RawMetric, broken: ReadonlySet<string>, base: readonly PathSegment[], issues: PlanIssue[]): void {
  const present = measuresOf(raw);
  if (present.length > 1 || (present.length === 0 && !MEASURE_KEYS.some((key) => broken.has(key)))) {
    issues.push({
      path: base,
      message: present.length === 0 ? `a metric needs exactly one of: ${MEASURE_KEYS.join(', ')}` : `a metric takes exactly one of ${MEASURE_KEYS.join(', ')}; this one has ${present.join(' and ')}`,
    });
  }
  if (raw.target) resolveTarget(raw.target, [...base, 'target'], issues);
  (raw.targets ?? []).forEach((entry, i) => resolveTarget(entry, [...base, 'targets', i], issues));
}

function resolveMetric(
  id: string,
  value: unknown,
  events: Record<string, EventSpec>,
  invalidEvents: ReadonlySet<string>,
  issues: PlanIssue[],
): MetricSpec | undefined {
  const base = ['metrics', id] as const;
  const before = issues.length;
  const parsed = parseMetric(value, base, issues);
  if (!parsed) return undefined;
  const { raw, broken } = parsed;
  if (broken.has('prometheus') || raw.prometheus !== undefined) {
    return broken.size > 0 ? undefined : resolvePrometheusMetric(id, raw, durationOf(raw.window, [...base, 'window'], issues), issues);
  }
  if (broken.has('incidents') || broken.has('github') || raw.incidents !== undefined || raw.github !== undefined) {
    if (broken.size > 0) return undefined;
    const ms = durationOf(raw.window, [...base, 'window'], issues);
    return raw.incidents !== undefined ? resolveIncidentMetric(id, raw, ms, issues) : resolveGithubMetric(id, raw, ms, issues);
  }
  if (broken.has('funnel') || raw.funnel !== undefined) {
    if (broken.has('funnel')) return undefined;
    const windowMs = broken.has('window') ? undefined : durationOf(raw.window, [...base, 'window'], issues);
    const context = { events, invalidEvents, windowMs, filters: resolveFilters, target: resolveTarget };
    return resolveFunnelMetric(id, raw, typeof value === 'object' && value !== null ? Object.keys(value) : [], context, issues);
  }
  const event = metricEvent(raw, broken, events, invalidEvents, base, issues);
  const window = parseDuration(raw.window);
  if (!broken.has('window')) {
    if (window.kind === 'invalid') issues.push({ path: [...base, 'window'], message: window.reason });
    else if (window.ms <= 0) issues.push({ path: [...base, 'window'], message: 'the window must be longer than zero' });
  }
  if (!event) {
    checkWithoutEvent(raw, broken, base, issues);
    return undefined;
  }

  const where = resolveFilters(event, raw.where ?? {}, [...base, 'where'], issues);
  let measure = MEASURE_KEYS.some((key) => broken.has(key)) ? undefined : resolveMeasure(event, raw, base, issues);
  if (raw.per !== undefined) {
    checkField(event, raw.per, [...base, 'per'], issues);
    if (measure && (!['count', 'sum', 'distinct'].includes(measure.kind) || (measure.kind === 'distinct' && measure.having))) {
      issues.push({ path: [...base, 'per'], message: `per divides a count, sum or distinct count; it cannot apply to ${measure.kind}` });
    }
  }
  const by = raw.by === undefined ? [] : typeof raw.by === 'string' ? [raw.by] : raw.by;
  by.forEach((field, i) => checkField(event, field, typeof raw.by === 'string' ? [...base, 'by'] : [...base, 'by', i], issues));
  if (measure?.kind === 'share' && by.length > 0) {
    issues.push({ path: [...base, 'by'], message: 'a share metric is grouped by its shared field; by is not allowed with share' });
  }
  if (measure?.kind === 'retention' && by.length > 0) issues.push({ path: [...base, 'by'], message: 'a retention metric has no groups; by is not allowed with retention' });
  const groupFields = measure?.kind === 'share' ? [measure.of] : by;
  // A broken by or measure leaves the groups unknown: per-group targets are not judged against them.
  const groupsKnown = !broken.has('by') && (measure !== undefined || !MEASURE_KEYS.some((key) => broken.has(key)));

  const target = raw.target ? resolveTarget(raw.target, [...base, 'target'], issues) : undefined;
  const targets: GroupTarget[] = [];
  (raw.targets ?? []).forEach((entry, i) => {
    const path = [...base, 'targets', i];
    for (const [field, groupValue] of Object.entries(entry.group)) {
      if (!groupFields.includes(field)) {
        if (!groupsKnown) continue;
        issues.push({
          path: [...path, 'group', field],
          message: groupFields.length
            ? `"${field}" is not a group field of this metric (its groups are by: ${groupFields.join(', ')})`
            : `this metric has no groups; per-group targets need by (or share)`,
          atKey: true,
        });
        continue;
      }
      const spec = fieldSpec(event, field);
      if (spec) checkValue(spec, field, groupValue, [...path, 'group', field], issues);
    }
    const resolved = resolveTarget(entry, path, issues);
    if (resolved) targets.push(Object.freeze({ ...resolved, group: Object.freeze({ ...entry.group }) }));
  });

  if (issues.length > before || !measure || window.kind === 'invalid') return undefined;
  measure = Object.freeze(measure);
  return Object.freeze({
    id,
    title: raw.title ?? id,
    ...(raw.description ? { description: raw.description } : {}),
    from: event.name,
    where: Object.freeze(where),
    measure,
    ...(raw.per !== undefined ? { per: raw.per } : {}),
    by: Object.freeze(measure.kind === 'share' ? [measure.of] : by),
    windowMs: window.ms,
    ...(target ? { target } : {}),
    targets: Object.freeze(targets),
    unit: raw.unit ?? defaultUnit(measure, raw.per),
  });
}

const NO_METRIC = /^no metric "([^"]+)" in the plan/;

/**
 * The issues less the knock-on ones: a metric that is declared but has an error of its own (or reads an
 * event with one) is reported there, not again as missing by every rule, criterion or report naming it.
 */
export function withoutKnockOns(issues: readonly PlanIssue[], declared: readonly string[], resolved: readonly MetricSpec[]): PlanIssue[] {
  const ok = new Set(resolved.map((m) => m.id));
  const broken = new Set(declared.filter((id) => !ok.has(id)));
  if (broken.size === 0) return [...issues];
  return issues.filter((issue) => {
    const named = NO_METRIC.exec(issue.message)?.[1];
    return named === undefined || !broken.has(named);
  });
}

export function resolvePlan(value: unknown): ResolveResult {
  const top = rawPlan.safeParse(value ?? {});
  if (!top.success) return { kind: 'invalid', issues: zodIssues(top.error, []) };
  const raw = top.data;
  const issues: PlanIssue[] = [];

  const events: Record<string, EventSpec> = {};
  const invalidEvents = new Set<string>();
  for (const [name, spec] of Object.entries(raw.events)) {
    const event = resolveEvent(name, spec, issues);
    if (event) events[name] = event;
    else invalidEvents.add(name);
  }
  // Probes write probe_result events: declared here, so metrics, rules and storage treat them as any event.
  const probes = resolveProbes(raw, issues, zodIssues);
  if (probes.event) events[probes.event.name] = probes.event;
  // Metrics and rules may read the built-in events (redactions, consent) as well as the declared ones.
  const privacy = resolvePrivacy(raw, { events }, issues, zodIssues);
  const known = { ...privacy.privacy.events, ...events };
  const metrics: MetricSpec[] = [];
  const formulas: ParsedFormula[] = [];
  for (const [id, spec] of Object.entries(raw.metrics ?? {})) {
    // A formula reads other metrics (src/plan/formula-metrics.ts): linked once they are all resolved.
    const formula = isFormulaMetric(spec) ? parseFormulaMetric(id, spec, issues) : undefined;
    if (formula) formulas.push(formula);
    if (isFormulaMetric(spec)) continue;
    const metric = resolveMetric(id, defaultPrometheusWindow(defaultGithubWindow(expandUptimeSugar(id, spec, probes.probes, issues))), known, invalidEvents, issues);
    if (metric) metrics.push(metric);
  }
  const order = Object.keys(raw.metrics ?? {});
  metrics.push(...linkFormulas(formulas, metrics, issues));
  metrics.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  metrics.push(...uptimeConditionMetrics(raw.alerts ?? [], probes.probes, metrics, issues));
  const sources = resolveSources(raw, issues, zodIssues);
  checkGithubMetrics(metrics, sources, issues);
  checkPrometheusMetrics(metrics, sources, issues);

  const phases = typeof raw.phases === 'object' && raw.phases !== null && !Array.isArray(raw.phases) ? Object.keys(raw.phases) : [];
  const { sloAlerts, slos } = resolveSlos(raw, { events: known, probes: probes.probes, alerts: raw.alerts ?? [], filters: resolveFilters }, issues, zodIssues);
  const declaredAlerts = resolveAlerting(raw, { metrics, events: known, phases, slos: slos.map((s) => s.id) }, issues, zodIssues);
  const alerting = { ...declaredAlerts, alerts: Object.freeze([...declaredAlerts.alerts, ...sloAlerts]) };
  const oncall = resolveOnCall(raw, { channels: alerting.channels }, issues, zodIssues);
  const policies = Object.keys(raw.escalation ?? {});
  alerting.routing.routes.forEach((route, i) => {
    if (route.escalation !== undefined && !policies.includes(route.escalation)) {
      issues.push({ path: ['routing', 'routes', i, 'escalation'], message: `no escalation policy "${route.escalation}" is declared under escalation (declared: ${policies.join(', ') || 'none'})` });
    }
  });
  const incidents = resolveIncidents(raw, { alerts: alerting.alerts }, issues, zodIssues);
  const reports = resolveReports(raw, { metrics, channels: alerting.channels }, issues, zodIssues);
  const talk = resolveTalk(raw, { channels: alerting.channels, components: incidents.components }, issues, zodIssues);
  const criteria = resolveCriteria(raw, { metrics, slos }, issues, zodIssues);
  const baselines = resolveBaselines(raw, { metrics }, issues, zodIssues);

  const keys = raw.ingest?.keys ?? [];
  const seenNames = new Set<string>();
  const seenKeys = new Set<string>();
  keys.forEach((k, i) => {
    if (seenNames.has(k.name)) issues.push({ path: ['ingest', 'keys', i, 'name'], message: `ingest key name "${k.name}" is used twice` });
    if (seenKeys.has(k.key)) issues.push({ path: ['ingest', 'keys', i, 'key'], message: `this key is the same as an earlier one (the key is not shown)` });
    seenNames.add(k.name);
    seenKeys.add(k.key);
  });
  const maxBody = raw.ingest?.max_body === undefined ? DEFAULT_MAX_BODY : parseBytes(raw.ingest.max_body);
  if (maxBody === 0) issues.push({ path: ['ingest', 'max_body'], message: 'the body limit must be larger than zero' });
  if (maxBody === undefined) issues.push({ path: ['ingest', 'max_body'], message: 'expected a size such as 5MB, 512KB or a number of bytes' });
  const maxFuture = parseDuration(raw.ingest?.max_future ?? '1d');
  if (maxFuture.kind === 'invalid') issues.push({ path: ['ingest', 'max_future'], message: maxFuture.reason });
  const interval = parseDuration(raw.evaluation?.interval ?? '1m');
  if (interval.kind === 'invalid') issues.push({ path: ['evaluation', 'interval'], message: interval.reason });
  else if (interval.ms < 1000) issues.push({ path: ['evaluation', 'interval'], message: 'the evaluation interval must be at least 1s' });

  if (issues.length > 0 || maxBody === undefined || maxFuture.kind === 'invalid' || interval.kind === 'invalid') {
    return { kind: 'invalid', issues: withoutKnockOns(issues, Object.keys(raw.metrics ?? {}), metrics) };
  }
  const plan: Plan = {
    version: 1,
    product: Object.freeze({ name: raw.product.name }),
    ingest: Object.freeze({
      keys: Object.freeze(keys.map((k) => Object.freeze({ name: k.name, key: k.key }))),
      maxBodyBytes: maxBody,
      maxFutureMs: maxFuture.ms,
      ...(raw.ingest?.rate_limit
        ? {
            rateLimit: Object.freeze({
              eventsPerSecond: raw.ingest.rate_limit.events_per_second,
              burst: raw.ingest.rate_limit.burst ?? Math.max(1, Math.ceil(raw.ingest.rate_limit.events_per_second * 10)),
            }),
          }
        : {}),
    }),
    evaluation: Object.freeze({ intervalMs: interval.ms }),
    events: Object.freeze(events),
    metrics: Object.freeze(metrics),
    ...alerting,
    ...oncall,
    ...incidents,
    ...reports,
    ...talk,
    ...criteria,
    ...baselines,
    ...privacy,
    probes: probes.probes,
    ...sources,
    slos,
  };
  return { kind: 'ok', plan: Object.freeze(plan) };
}

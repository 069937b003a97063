/**
 * The `probes:` section: HTTP checks of the product's endpoints run from this
 * server. Each result is stored as a `probe_result` event, which the plan
 * declares implicitly, so metrics and alert rules read probes like any event.
 * Also the `uptime: <probe>` metric sugar and the `uptime(<probe>, <window>)`
 * alert condition, both plain ratio metrics over `probe_result`.
 */
import { z } from 'zod';
import { formatDuration, parseDuration } from './duration.js';
import type { PathSegment, PlanIssue } from './issue.js';
import { PROBE_EVENT, PROBE_METHODS, PROBE_REASONS, type ProbeSpec, type ProbesPlan } from './probe-types.js';
import { NAME, sectionReader } from './section.js';
import type { EventSpec, MetricSpec } from './types.js';

const status = z.number().int().min(100).max(599);
export const rawProbe = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'a probe url is an http:// or https:// URL' }),
  method: z.enum(PROBE_METHODS).optional(),
  expect_status: z.union([status, z.array(status).min(1)]).optional(),
  body_contains: z.string().min(1).optional(),
  timeout: z.string().optional(),
  interval: z.string().optional(),
  component: z.string().optional(),
  down_after: z.number().int().min(1).max(100).optional(),
});

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_INTERVAL_MS = 60_000;

/** The `probe_result` event for these probe names. */
export function probeEvent(names: readonly string[]): EventSpec {
  return Object.freeze({
    name: PROBE_EVENT,
    properties: Object.freeze({
      probe: Object.freeze({ type: 'string' as const, enum: Object.freeze([...names]), optional: false }),
      ok: Object.freeze({ type: 'boolean' as const, optional: false }),
      status: Object.freeze({ type: 'number' as const, optional: true }),
      latency_ms: Object.freeze({ type: 'number' as const, optional: false }),
      reason: Object.freeze({ type: 'string' as const, enum: Object.freeze([...PROBE_REASONS]), optional: false }),
    }),
  });
}

export function resolveProbes(
  raw: { probes?: Record<string, unknown>; components?: Record<string, unknown>; events: Record<string, unknown> },
  issues: PlanIssue[],
  zodIssues: (error: z.ZodError, base: readonly PathSegment[]) => PlanIssue[],
): ProbesPlan & { readonly event?: EventSpec } {
  const { parse, duration } = sectionReader(issues, zodIssues);
  const probes: Record<string, ProbeSpec> = {};
  const components = Object.keys(raw.components ?? {});
  for (const [name, value] of Object.entries(raw.probes ?? {})) {
    const path = ['probes', name];
    if (!NAME.test(name)) {
      issues.push({ path, message: 'a probe name must be lower-case letters, digits and _, starting with a letter', atKey: true });
      continue;
    }
    const p = parse(rawProbe, value, path);
    if (!p) continue;
    const timeoutMs = duration(p.timeout, DEFAULT_TIMEOUT_MS, [...path, 'timeout']);
    const intervalMs = duration(p.interval, DEFAULT_INTERVAL_MS, [...path, 'interval']);
    if (timeoutMs <= 0) issues.push({ path: [...path, 'timeout'], message: 'the timeout must be longer than zero' });
    if (intervalMs < 1000) issues.push({ path: [...path, 'interval'], message: 'a probe runs at most once a second: the interval must be at least 1s' });
    else if (timeoutMs > intervalMs) issues.push({ path: [...path, 'timeout'], message: `the timeout (${formatDuration(timeoutMs)}) is longer than the interval (${formatDuration(intervalMs)})` });
    if (p.component !== undefined && !components.includes(p.component)) {
      issues.push({ path: [...path, 'component'], message: `no component "${p.component}" is declared under components (declared: ${components.join(', ') || 'none'})` });
    }
    probes[name] = Object.freeze({
      name,
      url: p.url,
      method: p.method ?? 'GET',
      expectStatus: Object.freeze(p.expect_status === undefined ? [] : typeof p.expect_status === 'number' ? [p.expect_status] : [...p.expect_status]),
      ...(p.body_contains !== undefined ? { bodyContains: p.body_contains } : {}),
      timeoutMs,
      intervalMs,
      ...(p.component !== undefined ? { component: p.component } : {}),
      downAfter: p.down_after ?? 2,
    });
  }
  const names = Object.keys(probes);
  if (names.length === 0) return { probes: Object.freeze(probes) };
  if (Object.hasOwn(raw.events, PROBE_EVENT)) {
    issues.push({ path: ['events', PROBE_EVENT], message: `"${PROBE_EVENT}" is the event probes write; with probes in the plan it cannot be declared`, atKey: true });
  }
  return { probes: Object.freeze(probes), event: probeEvent(names) };
}

/** A ratio metric over probe_result: the share of a probe's results that were ok. */
function uptimeMetric(id: string, probe: string, windowMs: number, extra: Partial<MetricSpec> = {}): MetricSpec {
  return Object.freeze({
    id,
    title: `Uptime of ${probe}`,
    from: PROBE_EVENT,
    where: Object.freeze([Object.freeze({ field: 'probe', condition: Object.freeze({ op: 'eq' as const, value: probe }) })]),
    measure: Object.freeze({ kind: 'ratio' as const, match: Object.freeze([Object.freeze({ field: 'ok', condition: Object.freeze({ op: 'eq' as const, value: true }) })]) }),
    by: Object.freeze([]),
    windowMs,
    targets: Object.freeze([]),
    unit: 'percent',
    ...extra,
  });
}

/**
 * `uptime: api` in a metric stands for `from: probe_result, where: { probe: api }, ratio: { ok: true }`.
 * Returns the metric's raw value with the sugar expanded, or the value as given.
 */
export function expandUptimeSugar(id: string, value: unknown, probes: Readonly<Record<string, ProbeSpec>>, issues: PlanIssue[]): unknown {
  if (typeof value !== 'object' || value === null || !('uptime' in value)) return value;
  const { uptime, ...rest } = value as Record<string, unknown>;
  if (typeof uptime !== 'string' || !Object.hasOwn(probes, uptime)) {
    issues.push({ path: ['metrics', id, 'uptime'], message: `no probe "${String(uptime)}" is declared under probes (declared: ${Object.keys(probes).join(', ') || 'none'})` });
    return { ...rest, from: PROBE_EVENT, count: true };
  }
  for (const key of ['from', 'ratio', 'where']) {
    if (key in rest) issues.push({ path: ['metrics', id, key], message: `uptime sets ${key} itself; remove ${key}`, atKey: true });
  }
  return { title: `Uptime of ${uptime}`, ...rest, from: PROBE_EVENT, where: { probe: uptime }, ratio: { ok: true } };
}

const UPTIME_CALL = /^uptime\(\s*([a-z][a-z0-9_]*)\s*,\s*([^)\s]+)\s*\)/;

/** The metric id an `uptime(probe, window)` condition reads. */
export const uptimeMetricId = (probe: string, windowMs: number): string => `uptime_${probe}_${formatDuration(windowMs)}`;

/** `uptime(api, 1h)` at the start of a condition: the probe and window, or undefined for another condition. */
export function uptimeCall(text: string): { probe: string; windowMs: number; rest: string } | { invalid: string } | undefined {
  const match = UPTIME_CALL.exec(text.trim());
  if (!match) return undefined;
  const window = parseDuration(match[2] ?? '');
  if (window.kind === 'invalid') return { invalid: window.reason };
  if (window.ms <= 0) return { invalid: 'the window of uptime() must be longer than zero' };
  return { probe: match[1] ?? '', windowMs: window.ms, rest: text.trim().slice(match[0].length) };
}

/**
 * The metrics `uptime(probe, window)` conditions read, added to the plan
 * (as `uptime_<probe>_<window>`) unless a metric of that id is declared.
 */
export function uptimeConditionMetrics(alerts: readonly unknown[], probes: Readonly<Record<string, ProbeSpec>>, declared: readonly MetricSpec[], issues: PlanIssue[]): MetricSpec[] {
  const added = new Map<string, MetricSpec>();
  alerts.forEach((alert, index) => {
    const when = typeof alert === 'object' && alert !== null && 'when' in alert ? alert.when : undefined;
    const texts: [string, PathSegment[]][] =
      typeof when === 'string' ? [[when, ['alerts', index, 'when']]] : typeof when === 'object' && when !== null ? Object.entries(when).filter((e): e is [string, string] => typeof e[1] === 'string').map(([sev, t]) => [t, ['alerts', index, 'when', sev]]) : [];
    for (const [text, path] of texts) {
      const call = uptimeCall(text);
      if (call === undefined || 'invalid' in call) continue;
      if (!Object.hasOwn(probes, call.probe)) {
        issues.push({ path, message: `no probe "${call.probe}" is declared under probes (declared: ${Object.keys(probes).join(', ') || 'none'})` });
        continue;
      }
      const id = uptimeMetricId(call.probe, call.windowMs);
      if (declared.some((m) => m.id === id) || added.has(id)) continue;
      added.set(id, uptimeMetric(id, call.probe, call.windowMs, { title: `Uptime of ${call.probe} over ${formatDuration(call.windowMs)}`, description: `Read by the alert condition uptime(${call.probe}, ${formatDuration(call.windowMs)}).` }));
    }
  });
  return [...added.values()];
}

/**
 * Reading one criterion, pure:
 *
 *   <subject> <op> <value> [over <duration>]
 *
 * subject: a plan metric id, `incidents`, or `incidents(SEV1, SEV2)`;
 * op: == != >= > <= <; value: a number or a percentage (75% is 0.75);
 * `over 30d` judges it over its own window. `change(metric, baseline: name)`
 * is the metric's relative change against a baseline's value. `slo(x) met`
 * and `budget(x) >= 50%` name an SLO (src/plan/slo-criterion.ts).
 */
import { BASELINE_NAME } from './baseline-types.js';
import type { Criterion, CriterionOp, Subject } from './criteria-types.js';
import { parseDuration } from './duration.js';
import { INCIDENT_SEVERITIES, type IncidentSeverity } from './incident-types.js';
import { sloMet, sloSubject, type SloRef } from './slo-criterion.js';
import { toNumber } from './threshold.js';

export type CriterionResult = { readonly kind: 'ok'; readonly criterion: Criterion } | { readonly kind: 'invalid'; readonly reason: string };

const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:e-?\d+)?%?`;
const SHAPE = new RegExp(String.raw`^(.+?)\s*(==|!=|>=|<=|>|<|=)\s*(${NUMBER})(?:\s+over\s+(\S+))?$`);
const INCIDENTS = /^incidents(?:\(\s*([^)]*)\))?$/;
const CHANGE = /^change\(/;
const CHANGE_SHAPE = /^change\(\s*([a-z][a-z0-9_]*)\s*,\s*baseline:\s*([^\s)]+)\s*\)$/;
const METRIC = /^[a-z][a-z0-9_]{0,62}$/;

const EXPECTED = 'expected "<metric> <op> <value>" such as "command_success_rate >= 75%", or "incidents(SEV1) == 0 over 30d"; op is one of == != >= > <= <';

function subjectOf(text: string, metrics: readonly string[], slos: readonly SloRef[]): Subject | string {
  const slo = sloSubject(text, slos);
  if (slo !== undefined) return slo;
  const incidents = INCIDENTS.exec(text);
  if (incidents) {
    const listed = (incidents[1] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const unknown = listed.filter((s) => !(INCIDENT_SEVERITIES as readonly string[]).includes(s));
    if (unknown.length > 0) return `incidents() takes severities ${INCIDENT_SEVERITIES.join(', ')}; not ${unknown.join(', ')}`;
    return { kind: 'incidents', severities: listed as IncidentSeverity[] };
  }
  if (CHANGE.test(text)) {
    const change = CHANGE_SHAPE.exec(text);
    if (!change) return `"${text}" is not a change; write change(<metric>, baseline: <name>), e.g. change(p95_latency, baseline: launch) <= -10%`;
    const [, metric = '', baseline = ''] = change;
    if (!metrics.includes(metric)) return `no metric "${metric}" in the plan (metrics: ${metrics.join(', ') || 'none'})`;
    if (!BASELINE_NAME.test(baseline)) return `"${baseline}" is not a baseline name (lower-case letters, digits, _ and -)`;
    return { kind: 'change', metric, baseline };
  }
  if (!METRIC.test(text)) return `"${text}" is not a metric id or incidents(...); ${EXPECTED}`;
  if (!metrics.includes(text)) return `no metric "${text}" in the plan (metrics: ${metrics.join(', ') || 'none'})`;
  return { kind: 'metric', metric: text };
}

function overOf(rawOver: string | undefined): number | null | string {
  if (rawOver === undefined) return null;
  const over = parseDuration(rawOver);
  if (over.kind === 'invalid') return `over: ${over.reason}`;
  if (over.ms <= 0) return 'over: the window must be longer than zero';
  return over.ms;
}

export function parseCriterion(input: unknown, metrics: readonly string[], slos: readonly SloRef[] = []): CriterionResult {
  if (typeof input !== 'string' && typeof input !== 'number') return { kind: 'invalid', reason: `a criterion is a string; ${EXPECTED}` };
  const text = String(input).trim();
  const met = sloMet(text, slos);
  if (typeof met === 'string') return { kind: 'invalid', reason: met };
  if (met !== undefined) {
    const overMs = overOf(met.over);
    if (typeof overMs === 'string') return { kind: 'invalid', reason: overMs };
    return { kind: 'ok', criterion: { text, subject: met.subject, op: '>=', value: met.value, overMs } };
  }
  const badOp = /(===|!==|=>|=<|<>)/.exec(text);
  if (badOp) return { kind: 'invalid', reason: `"${badOp[1]}" is not an operator; ${EXPECTED}` };
  const match = SHAPE.exec(text);
  if (!match) return { kind: 'invalid', reason: `"${text}" is not a criterion; ${EXPECTED}` };
  const [, rawSubject = '', rawOp = '', rawValue = '', rawOver] = match;
  if (rawOp === '=') return { kind: 'invalid', reason: `"=" is not an operator: write "==" to compare` };
  const subject = subjectOf(rawSubject.trim(), metrics, slos);
  if (typeof subject === 'string') return { kind: 'invalid', reason: subject };
  const overMs = overOf(rawOver);
  if (typeof overMs === 'string') return { kind: 'invalid', reason: overMs };
  return { kind: 'ok', criterion: { text, subject, op: rawOp as CriterionOp, value: toNumber(rawValue), overMs } };
}

/** Percentages are rounded to 15 digits when read, so equality allows for the last bit. */
const EPSILON = 1e-12;

export function compare(value: number, op: CriterionOp, target: number): boolean {
  const equal = Math.abs(value - target) <= EPSILON * Math.max(1, Math.abs(target));
  switch (op) {
    case '==':
      return equal;
    case '!=':
      return !equal;
    case '>=':
      return value >= target || equal;
    case '>':
      return value > target && !equal;
    case '<=':
      return value <= target || equal;
    case '<':
      return value < target && !equal;
  }
}

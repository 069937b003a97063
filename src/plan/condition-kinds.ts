/**
 * The text forms of the condition kinds that compare against more than a
 * number: `p95 > target * 1.2` (a bound from the metric's own target),
 * `phase(launch_week)` (the plan's launch phase is on) and
 * `anomaly(dau, 28d) < -3` (a robust z-score against the same hour of the
 * week). Entries of CONDITION_SYNTAX (conditions.ts); what they do at a tick
 * is in src/alerting/conditions/.
 */
import { unknownMetric, type ConditionResult, type ConditionSyntax, type Of } from './condition-syntax.js';
import { parseDuration } from './duration.js';
import { expressionNames, parseExpression } from './expression.js';
import type { MetricSpec } from './types.js';

const NAME = String.raw`([a-z][a-z0-9_]*)`;
const TARGET = new RegExp(String.raw`^${NAME}(\s*(<=|>=|==|!=|<|>)\s*)(.*\btarget\b.*)$`);
const PHASE = new RegExp(String.raw`^phase\(\s*${NAME}\s*\)$`);
const ANOMALY = new RegExp(String.raw`^anomaly\(\s*${NAME}\s*,\s*([^)\s]+)\s*\)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)$`);

const WEEK_MS = 7 * 86_400_000;
/** Fewer same-hour buckets than this is no data (src/alerting/conditions/anomaly.ts). */
export const ANOMALY_MIN_WEEKS = 3;

/** The green threshold values a metric's targets give `target`; a range has none. */
function greenValues(metric: MetricSpec): (number | undefined)[] {
  return [metric.target, ...metric.targets].filter((t) => t !== undefined).map((t) => (t.green.kind === 'compare' ? t.green.value : undefined));
}

/** `p95 > target * 1.2`: the bound is arithmetic over numbers and `target`, each group's own green threshold. */
export const targetSyntax: ConditionSyntax<Of<'target'>> = {
  kind: 'target',
  parse(text): ConditionResult | undefined {
    const match = TARGET.exec(text);
    if (!match) return undefined;
    const [, metric = '', gap = '', op = '>', rest = ''] = match;
    const at = metric.length + gap.length;
    const bound = parseExpression(rest);
    if (bound.kind === 'invalid') return { kind: 'invalid', reason: bound.reason, offset: at + bound.offset };
    const other = expressionNames(bound.expression).find((n) => n.name !== 'target');
    if (other) return { kind: 'invalid', reason: `a bound is numbers and target (the metric's green threshold); "${other.name}" is neither`, offset: at + other.offset };
    return { kind: 'ok', condition: { kind: 'target', metric, op: op as '>', bound: bound.expression, text } };
  },
  metric: (condition) => condition.metric,
  subject: (condition) => condition.metric,
  problems(condition, _text, context) {
    const metric = context.metrics.get(condition.metric);
    if (!metric) return unknownMetric(condition.metric, context);
    const values = greenValues(metric);
    if (values.length === 0) return [`"target" is metric "${metric.id}"'s green threshold, and it has no target: give it one, such as target: { green: "< 500" }`];
    if (values.some((v) => v === undefined)) return [`"target" is one value: metric "${metric.id}" has a green range (a..b) as a target`];
    return [];
  },
};

/** `phase(launch_week)`: it reads no metric and has no groups. */
export const phaseSyntax: ConditionSyntax<Of<'phase'>> = {
  kind: 'phase',
  parse(text) {
    const match = PHASE.exec(text);
    if (match) return { kind: 'ok', condition: { kind: 'phase', phase: match[1] ?? '', text } };
    return /^phase\s*\(/.test(text) ? { kind: 'invalid', reason: `"${text}" is not a phase condition (expected "phase(name)", a phase under phases)` } : undefined;
  },
  subject: (condition) => condition.phase,
  problems: (condition, _text, context) =>
    (context.phases ?? []).includes(condition.phase) ? [] : [`no phase "${condition.phase}" is declared under phases (declared: ${(context.phases ?? []).join(', ') || 'none'})`],
};

/** `anomaly(dau, 28d) < -3`: the history must hold at least ANOMALY_MIN_WEEKS weeks. */
export const anomalySyntax: ConditionSyntax<Of<'anomaly'>> = {
  kind: 'anomaly',
  parse(text) {
    const match = ANOMALY.exec(text);
    if (!match) return /^anomaly\s*\(/.test(text) ? { kind: 'invalid', reason: `"${text}" is not an anomaly condition (expected "anomaly(metric, 28d) < -3")` } : undefined;
    const [, metric = '', history = '', op = '<', value = ''] = match;
    const ms = parseDuration(history);
    if (ms.kind === 'invalid') return { kind: 'invalid', reason: ms.reason, offset: text.indexOf(history) };
    if (ms.ms < ANOMALY_MIN_WEEKS * WEEK_MS) {
      return { kind: 'invalid', reason: `anomaly() compares with the same hour of at least ${ANOMALY_MIN_WEEKS} earlier weeks: the history must be ${ANOMALY_MIN_WEEKS * 7}d or more`, offset: text.indexOf(history) };
    }
    return { kind: 'ok', condition: { kind: 'anomaly', metric, historyMs: ms.ms, op: op as '<', value: Number(value), text } };
  },
  metric: (condition) => condition.metric,
  subject: (condition) => condition.metric,
  problems: (condition, _text, context) => unknownMetric(condition.metric, context),
};

/**
 * The alert condition kinds as the plan writes them: one entry per kind of
 * AlertCondition, with its text form, the plan metric it reads and the
 * cross-references it needs. What a condition does at a tick (what is
 * gathered for it, its value per group, whether it holds) is in
 * src/alerting/conditions/, one file per kind.
 */
import type { AlertCondition } from './alert-types.js';
import { parseBoolean, type BooleanTree } from './condition-grammar.js';
import { anomalySyntax, phaseSyntax, targetSyntax } from './condition-kinds.js';
import { unknownMetric, type ConditionResult, type ConditionSyntax, type Of } from './condition-syntax.js';
import { betterDirection } from './direction.js';
import { parseDuration } from './duration.js';
import { uptimeCall, uptimeMetricId } from './probes.js';
import { toNumber } from './threshold.js';

export type { ConditionContext, ConditionResult, ConditionSyntax } from './condition-syntax.js';

/** A number, a percentage, or a duration (in ms, for time figures such as an incident MTTA: "mtta > 15m"). */
const NUMBER = String.raw`(-?\d+(?:\.\d+)?%?|\d+(?:\.\d+)?(?:ms|s|m|h|d|w))`;
const NAME = String.raw`([a-z][a-z0-9_]*)`;
const THRESHOLD = new RegExp(String.raw`^${NAME}\s*(<=|>=|==|!=|<|>)\s*${NUMBER}$`);
const CHANGE = new RegExp(String.raw`^change\(\s*${NAME}\s*,\s*([^)\s]+)\s*\)\s*(<=|>=|<|>)\s*${NUMBER}$`);
const ABSENT = new RegExp(String.raw`^absent\(\s*${NAME}\s*,\s*([^)\s]+)\s*\)$`);
const SLO_BURN = new RegExp(String.raw`^slo_burn\(\s*${NAME}\s*,\s*(page|ticket)\s*\)$`);
const REGRESSION = new RegExp(String.raw`^regression\(\s*${NAME}\s*,\s*baseline\s*:\s*([a-z][a-z0-9_-]*)\s*\)\s*(<=|>=|<|>)\s*${NUMBER}$`);

/** `metric < 80%`, `metric == 0`; `uptime(probe, 1h) < 99.5%` is a threshold on the metric `uptime_<probe>_<window>` (see probes.ts). */
const threshold: ConditionSyntax<Of<'threshold'>> = {
  kind: 'threshold',
  parse(text) {
    const uptime = uptimeCall(text);
    if (uptime && 'invalid' in uptime) return { kind: 'invalid', reason: uptime.invalid };
    if (uptime) {
      const compared = THRESHOLD.exec(`${uptimeMetricId(uptime.probe, uptime.windowMs)} ${uptime.rest}`);
      if (!compared) return { kind: 'invalid', reason: `"${text}" is not a condition (expected "uptime(probe, 1h) < 99.5%")` };
      return { kind: 'ok', condition: { kind: 'threshold', metric: compared[1] ?? '', op: compared[2] as '<', value: toNumber(compared[3] ?? ''), text } };
    }
    const match = THRESHOLD.exec(text);
    if (!match) return undefined;
    return { kind: 'ok', condition: { kind: 'threshold', metric: match[1] ?? '', op: match[2] as '<', value: toNumber(match[3] ?? ''), text } };
  },
  metric: (condition) => condition.metric,
  subject: (condition) => condition.metric,
  // uptime(probe, …) names a probe, not a metric: an unknown probe is reported with the probes.
  problems: (condition, text, context) => (uptimeCall(text) ? [] : unknownMetric(condition.metric, context)),
};

/** `change(awu, 1d) < -20%`. */
const change: ConditionSyntax<Of<'change'>> = {
  kind: 'change',
  parse(text) {
    const match = CHANGE.exec(text);
    if (!match) return undefined;
    const period = parseDuration(match[2] ?? '');
    if (period.kind === 'invalid') return { kind: 'invalid', reason: period.reason };
    return { kind: 'ok', condition: { kind: 'change', metric: match[1] ?? '', periodMs: period.ms, op: match[3] as '<', value: toNumber(match[4] ?? ''), text } };
  },
  metric: (condition) => condition.metric,
  subject: (condition) => condition.metric,
  problems: (condition, _text, context) => unknownMetric(condition.metric, context),
};

/** `regression(p95, baseline: launch) > 20%`: its metric needs a target, which says which way is worse. */
const regression: ConditionSyntax<Of<'regression'>> = {
  kind: 'regression',
  parse(text) {
    const match = REGRESSION.exec(text);
    if (match) {
      const [, metric = '', baseline = '', op = '>', value = ''] = match;
      return { kind: 'ok', condition: { kind: 'regression', metric, baseline, op: op as '>', value: toNumber(value), text } };
    }
    if (/^regression\s*\(/.test(text)) return { kind: 'invalid', reason: `"${text}" is not a regression condition (expected "regression(metric, baseline: name) > 20%")` };
    return undefined;
  },
  metric: (condition) => condition.metric,
  subject: (condition) => condition.metric,
  problems(condition, _text, context) {
    const metric = context.metrics.get(condition.metric);
    if (!metric) return unknownMetric(condition.metric, context);
    if (betterDirection(metric) !== 'none') return [];
    return [`regression() needs to know which way is worse: give metric "${metric.id}" a target such as green ">= 90%" or "< 500", or use change()`];
  },
};

/** `absent(command_generation, 30m)`: it reads an event type, not a metric, and has no groups. */
const absent: ConditionSyntax<Of<'absent'>> = {
  kind: 'absent',
  parse(text) {
    const match = ABSENT.exec(text);
    if (!match) return undefined;
    const window = parseDuration(match[2] ?? '');
    if (window.kind === 'invalid') return { kind: 'invalid', reason: window.reason };
    return { kind: 'ok', condition: { kind: 'absent', event: match[1] ?? '', windowMs: window.ms, text } };
  },
  subject: (condition) => condition.event,
  problems: (condition, _text, context) => (Object.hasOwn(context.events, condition.event) ? [] : [`no event "${condition.event}" is declared under events`]),
};

/**
 * `slo_burn(checkout_availability, page)`: the SLO's page (or ticket) burn-rate pairs, its own or the
 * defaults for its window. The slos section generates one per alert it asks for (src/plan/slos.ts).
 */
const sloBurn: ConditionSyntax<Of<'slo_burn'>> = {
  kind: 'slo_burn',
  parse(text) {
    const match = SLO_BURN.exec(text);
    if (match) return { kind: 'ok', condition: { kind: 'slo_burn', slo: match[1] ?? '', alert: match[2] === 'ticket' ? 'ticket' : 'page', text } };
    if (/^slo_burn\s*\(/.test(text)) return { kind: 'invalid', reason: `"${text}" is not an SLO burn condition (expected "slo_burn(slo, page)" or "slo_burn(slo, ticket)")` };
    return undefined;
  },
  subject: (condition) => condition.slo,
  problems: (condition, _text, context) =>
    context.slos === undefined || context.slos.includes(condition.slo) ? [] : [`no SLO "${condition.slo}" under slos (declared: ${context.slos.join(', ') || 'none'})`],
};

/** The operands of a boolean combination, in order. */
export function operandsOf(condition: AlertCondition): readonly AlertCondition[] {
  return condition.kind === 'and' || condition.kind === 'or' ? condition.operands : condition.kind === 'not' ? [condition.operand] : [];
}

/** `a and b`, `a or b`, `not a`: parsed by the boolean grammar (condition-grammar.ts), never as a leaf; about what its first operand is about. */
function logic<K extends 'and' | 'or' | 'not'>(kind: K): ConditionSyntax<Of<K>> {
  return {
    kind: kind as Of<K>['kind'],
    parse: () => undefined,
    metric: (condition) => operandsOf(condition).map(conditionMetric).find((m) => m !== undefined) ?? '',
    subject: (condition) => conditionSubject(operandsOf(condition)[0] ?? condition),
    problems: (condition, _text, context) => operandsOf(condition).flatMap((c) => conditionSyntax(c).problems(c, c.text, context)),
  };
}

/** The one place a condition kind's text form is registered; the compiler asks for an entry per kind of AlertCondition. */
export const CONDITION_SYNTAX: { readonly [K in AlertCondition['kind']]: ConditionSyntax<Of<K>> } = {
  threshold,
  change,
  regression,
  absent,
  target: targetSyntax,
  phase: phaseSyntax,
  anomaly: anomalySyntax,
  and: logic('and'),
  or: logic('or'),
  not: logic('not'),
  slo_burn: sloBurn,
};

/** The syntax entry of a condition's kind. */
export function conditionSyntax(condition: AlertCondition): ConditionSyntax {
  // TypeScript cannot relate CONDITION_SYNTAX[condition.kind] to condition's own member of the union; the mapped type above guarantees it.
  return CONDITION_SYNTAX[condition.kind] as ConditionSyntax;
}

/** The plan metric a condition reads, if it reads one (absent() reads an event type; a combination, its first operand's that reads one). */
export function conditionMetric(condition: AlertCondition): string | undefined {
  const metric = conditionSyntax(condition).metric?.(condition);
  return metric === '' ? undefined : metric;
}

/** What an alert of the condition is about: its metric, or the event it counts. */
export function conditionSubject(condition: AlertCondition): string {
  return conditionSyntax(condition).subject(condition);
}

/** One condition of a kind: the first kind whose form the text has. */
function parseLeaf(text: string): ConditionResult {
  for (const syntax of Object.values(CONDITION_SYNTAX)) {
    const parsed = syntax.parse(text);
    if (parsed) return parsed;
  }
  return {
    kind: 'invalid',
    reason: `"${text}" is not a condition (expected "metric < 80%", "metric > target * 1.2", "change(metric, 1d) < -20%", "absent(event, 30m)", "uptime(probe, 1h) < 99.5%", "anomaly(metric, 28d) < -3", "phase(name)", or conditions combined with and, or, not)`,
  };
}

function fromTree(tree: BooleanTree): ConditionResult {
  if (tree.kind === 'leaf') {
    const leaf = parseLeaf(tree.text);
    return leaf.kind === 'ok' ? leaf : { ...leaf, offset: tree.offset + (leaf.offset ?? 0) };
  }
  const operands: AlertCondition[] = [];
  for (const operand of tree.kind === 'not' ? [tree.operand] : tree.operands) {
    const parsed = fromTree(operand);
    if (parsed.kind === 'invalid') return parsed;
    operands.push(Object.freeze(parsed.condition));
  }
  const [first] = operands;
  if (tree.kind === 'not') return first ? { kind: 'ok', condition: { kind: 'not', operand: first, text: tree.text } } : { kind: 'invalid', reason: 'not needs a condition', offset: 0 };
  return { kind: 'ok', condition: { kind: tree.kind, operands: Object.freeze(operands), text: tree.text } };
}

/**
 * `metric < 80%`, `p95 > target * 1.2`, `change(awu, 1d) < -20%`, `absent(event, 30m)`, `uptime(api, 1h) < 99.5%`,
 * `regression(p95, baseline: launch) > 20%`, `anomaly(dau, 28d) < -3`, `phase(launch_week)`, and these combined with
 * and, or, not and parentheses (condition-grammar.ts). Names are checked by the caller (`problems`). An error's
 * offset is in `input` as given; a condition of one kind has its error about the whole text.
 */
export function parseCondition(input: string): ConditionResult {
  const tree = parseBoolean(input);
  if (tree.kind === 'invalid') return tree;
  if (tree.tree.kind === 'leaf') {
    const leaf = parseLeaf(tree.tree.text);
    return leaf.kind === 'ok' || leaf.offset === undefined ? leaf : { ...leaf, offset: tree.tree.offset + leaf.offset };
  }
  return fromTree(tree.tree);
}

/**
 * The name problems of an alert condition (each kind's `problems`), each with
 * where in the condition's text it is: inside `and` / `or` / `not`, at the
 * metric the operand reads (`nosuch` in "error_rate > 5% and nosuch > 3"), or
 * at the operand when it reads none. A condition of one kind keeps its
 * problems about the whole text. Pure.
 */
import type { AlertCondition } from './alert-types.js';
import type { ConditionContext } from './condition-syntax.js';
import { conditionMetric, conditionSyntax, operandsOf } from './conditions.js';

export interface LocatedProblem {
  readonly message: string;
  /** Where in the condition's text the problem is, when it is about a part of it. */
  readonly offset?: number;
}

const isLogic = (condition: AlertCondition): boolean => condition.kind === 'and' || condition.kind === 'or' || condition.kind === 'not';

/** Where `name` is written as a whole word in `text`, or undefined. */
function wordAt(text: string, name: string): number | undefined {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + name.length] ?? ' ';
    if (!/[\w.]/.test(before) && !/[\w.]/.test(after)) return at;
  }
  return undefined;
}

/** The problems of the operands, each found in `text` (at `base` in the whole) after the one before it. */
function operandProblems(condition: AlertCondition, text: string, base: number, context: ConditionContext): LocatedProblem[] {
  const found: LocatedProblem[] = [];
  let cursor = 0;
  for (const operand of operandsOf(condition)) {
    const at = text.indexOf(operand.text, cursor);
    const start = at === -1 ? cursor : at;
    cursor = at === -1 ? cursor : at + operand.text.length;
    if (isLogic(operand)) {
      found.push(...operandProblems(operand, operand.text, base + start, context));
      continue;
    }
    const metric = conditionMetric(operand);
    const offset = base + start + ((metric === undefined ? undefined : wordAt(operand.text, metric)) ?? 0);
    for (const message of conditionSyntax(operand).problems(operand, operand.text, context)) found.push({ message, offset });
  }
  return found;
}

export function locatedProblems(condition: AlertCondition, text: string, context: ConditionContext): LocatedProblem[] {
  if (!isLogic(condition)) return conditionSyntax(condition).problems(condition, text, context).map((message) => ({ message }));
  const at = text.indexOf(condition.text);
  return operandProblems(condition, condition.text, at === -1 ? 0 : at, context);
}

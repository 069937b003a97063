import { describe, expect, it } from 'vitest';
import type { AlertCondition } from './alert-types.js';
import { parseCondition } from './conditions.js';
import { formatPlanError, loadPlanText } from './load.js';

/** The condition written back with every combination in parentheses: what the grammar understood. */
function shape(c: AlertCondition): string {
  if (c.kind === 'and' || c.kind === 'or') return `(${c.operands.map(shape).join(` ${c.kind} `)})`;
  if (c.kind === 'not') return `(not ${shape(c.operand)})`;
  return c.text;
}

function parsed(text: string): string {
  const result = parseCondition(text);
  if (result.kind === 'invalid') throw new Error(result.reason);
  return shape(result.condition);
}

describe('the boolean condition grammar', () => {
  it('binds not tighter than and, and tighter than or; parentheses group', () => {
    expect(parsed('a < 1 or b < 2 and c < 3')).toBe('(a < 1 or (b < 2 and c < 3))');
    expect(parsed('not a < 1 and b < 2')).toBe('((not a < 1) and b < 2)');
    expect(parsed('(a < 1 or b < 2) and not (c < 3 or phase(x))')).toBe('((a < 1 or b < 2) and (not (c < 3 or phase(x))))');
    expect(parsed('a < 1 and b < 2 and c < 3')).toBe('(a < 1 and b < 2 and c < 3)');
  });

  it("keeps a call's and a bound's parentheses inside the condition", () => {
    expect(parsed('change(awu, 1d) < -20% and p95 > target * (1 + 20%)')).toBe('(change(awu, 1d) < -20% and p95 > target * (1 + 20%))');
    expect(parsed('anomaly(dau, 28d) < -3')).toBe('anomaly(dau, 28d) < -3');
  });

  it('says what is wrong at the offset in the text', () => {
    const error = (text: string): unknown[] | string => {
      const result = parseCondition(text);
      return result.kind === 'invalid' ? [result.reason, result.offset] : result.condition.kind;
    };
    expect(error('a < 1 and')).toEqual(['expected a condition, found the end', 9]);
    expect(error('(a < 1 or b < 2')).toEqual(['expected ")" to close the "(" at column 1, found the end', 15]);
    expect(error('a < 1 ) and b < 2')).toEqual(['unexpected ")": no "(" is open', 6]);
    expect(error('a < 1 and or b < 2')).toEqual(['expected a condition, found "or"', 10]);
    expect(error('a < 1 and b <> 2')[1]).toBe(10);
  });

  it('reports them at file:line:col', () => {
    const text = [
      'version: 1',
      'product: { name: x }',
      'events:',
      '  e: { ms: number }',
      'metrics:',
      '  m: { from: e, mean: ms, window: 1h, target: { green: "< 100" } }',
      'phases:',
      '  launch_week: { all: ["m < 100"] }',
      'alerts:',
      '  - { name: a, when: "m > 1 and (m < 3 or" }',
      '  - { name: b, when: "m > target * 1.2 and not phase(launch_week)" }',
      '  - { name: c, when: "phase(other) or anomaly(m, 14d) < -3" }',
      '',
    ].join('\n');
    const result = loadPlanText(text, 'plan.yaml', {});
    expect(result.kind === 'invalid' && result.errors.map(formatPlanError)).toEqual([
      'plan.yaml:10:42: alerts.0.when: expected a condition, found the end',
      'plan.yaml:12:50: alerts.2.when: anomaly() compares with the same hour of at least 3 earlier weeks: the history must be 21d or more',
    ]);
  });
});

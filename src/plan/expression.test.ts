import { describe, expect, it } from 'vitest';
import { evaluateExpression, expressionNames, parseExpression, type Expression } from './expression.js';

function parsed(text: string): Expression {
  const result = parseExpression(text);
  if (result.kind === 'invalid') throw new Error(`${result.reason} at ${result.offset}`);
  return result.expression;
}

/** The expression written back with every operation in parentheses: what the parser understood. */
function shape(e: Expression): string {
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'name':
      return e.name;
    case 'negate':
      return `(-${shape(e.operand)})`;
    case 'binary':
      return `(${shape(e.left)} ${e.op} ${shape(e.right)})`;
  }
}

const values: Record<string, number | null> = { a: 6, b: 3, c: 2, zero: 0, none: null };
const value = (text: string): number | null => evaluateExpression(parsed(text), (name) => values[name] ?? null);

describe('formula expressions', () => {
  it('binds * and / tighter than + and -, and parentheses tighter than both', () => {
    expect(shape(parsed('a + b * c'))).toBe('(a + (b * c))');
    expect(shape(parsed('a * b + c'))).toBe('((a * b) + c)');
    expect(shape(parsed('(a + b) * c'))).toBe('((a + b) * c)');
    expect(value('a + b * c')).toBe(12);
    expect(value('(a + b) * c')).toBe(18);
  });

  it('is left associative for - and /', () => {
    expect(shape(parsed('a - b - c'))).toBe('((a - b) - c)');
    expect(shape(parsed('a / b / c'))).toBe('((a / b) / c)');
    expect(value('a - b - c')).toBe(1);
    expect(value('a / b / c')).toBe(1);
  });

  it('reads unary minus, decimals and percentages', () => {
    expect(value('-a + 10')).toBe(4);
    expect(value('a * -b')).toBe(-18);
    expect(value('b * 1.5')).toBe(4.5);
    expect(value('a * 50%')).toBe(3);
  });

  it('gives no value for a division by zero or a missing operand, never Infinity', () => {
    expect(value('a / zero')).toBeNull();
    expect(value('a / (b - b)')).toBeNull();
    expect(value('a + none')).toBeNull();
    expect(value('zero / a')).toBe(0);
  });

  it('lists the names it reads with the offset of their first use', () => {
    expect(expressionNames(parsed('feature_users / active_users + feature_users'))).toEqual([
      { name: 'feature_users', offset: 0 },
      { name: 'active_users', offset: 16 },
    ]);
  });

  it('says what is wrong and at which offset', () => {
    const error = (text: string): unknown => {
      const result = parseExpression(text);
      return result.kind === 'invalid' ? { reason: result.reason, offset: result.offset } : result;
    };
    expect(error('a +')).toEqual({ reason: 'expected a number, a name or "(", found the end', offset: 3 });
    expect(error('a b')).toEqual({ reason: 'expected an operator (+ - * /), found "b"', offset: 2 });
    expect(error('(a + b')).toEqual({ reason: 'expected ")" to close the "(" at column 1, found the end', offset: 6 });
    expect(error('a + * b')).toEqual({ reason: 'expected a number, a name or "(", found "*"', offset: 4 });
    expect(error('a ^ 2')).toEqual({ reason: 'unexpected "^" (a formula has numbers, metric names, + - * / and parentheses)', offset: 2 });
    expect(error('')).toEqual({ reason: 'expected a number, a name or "(", found the end', offset: 0 });
  });
});

/**
 * Arithmetic over named values, as a formula metric (`formula: "feature_users / active_users"`)
 * and the bound of a condition against a target (`p95 > target * 1.2`) write it: numbers
 * (`1.2`, `20%` is 0.2), names, `+ - * /`, unary minus and parentheses. A tokeniser and a
 * precedence-climbing parser: `*` and `/` bind tighter than `+` and `-`, all four are left
 * associative, unary minus binds tightest. Errors carry the offset in the text they are about.
 * evaluate() is pure: a missing value or a division by zero gives no value (null), never Infinity.
 */

export type Expression =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'name'; readonly name: string; readonly offset: number }
  | { readonly kind: 'negate'; readonly operand: Expression }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expression; readonly right: Expression };

export type BinaryOp = '+' | '-' | '*' | '/';

export type ExpressionResult = { readonly kind: 'ok'; readonly expression: Expression } | { readonly kind: 'invalid'; readonly reason: string; readonly offset: number };

type Token =
  | { readonly kind: 'number'; readonly value: number; readonly offset: number; readonly text: string }
  | { readonly kind: 'name'; readonly name: string; readonly offset: number; readonly text: string }
  | { readonly kind: 'op'; readonly op: BinaryOp | '(' | ')'; readonly offset: number; readonly text: string }
  | { readonly kind: 'end'; readonly offset: number; readonly text: string };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:e-?\d+)?%?)|([a-z][a-z0-9_]*)|([-+*/()]))/y;

class ExpressionError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) {
      const offset = at + (/^\s*/.exec(text.slice(at))?.[0].length ?? 0);
      throw new ExpressionError(`unexpected "${text.slice(offset, offset + 1)}" (a formula has numbers, metric names, + - * / and parentheses)`, offset);
    }
    const whole = match[0];
    const token = match[1] ?? match[2] ?? match[3] ?? '';
    const offset = at + whole.length - token.length;
    if (match[1] !== undefined) {
      const value = token.endsWith('%') ? Number((Number(token.slice(0, -1)) / 100).toPrecision(15)) : Number(token);
      tokens.push({ kind: 'number', value, offset, text: token });
    } else if (match[2] !== undefined) tokens.push({ kind: 'name', name: token, offset, text: token });
    else tokens.push({ kind: 'op', op: token as BinaryOp, offset, text: token });
    at += whole.length;
  }
  tokens.push({ kind: 'end', offset: text.length, text: '' });
  return tokens;
}

const PRECEDENCE: Readonly<Record<BinaryOp, number>> = { '+': 1, '-': 1, '*': 2, '/': 2 };

const isBinary = (token: Token): token is Token & { kind: 'op'; op: BinaryOp } => token.kind === 'op' && token.op !== '(' && token.op !== ')';

class Parser {
  private at = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.at] ?? { kind: 'end', offset: 0, text: '' };
  }

  private next(): Token {
    const token = this.peek();
    this.at++;
    return token;
  }

  /** An operand, then every operator of at least `min` precedence (precedence climbing; left associative). */
  expression(min: number): Expression {
    let left = this.operand();
    for (let token = this.peek(); isBinary(token) && PRECEDENCE[token.op] >= min; token = this.peek()) {
      this.next();
      const right = this.expression(PRECEDENCE[token.op] + 1);
      left = { kind: 'binary', op: token.op, left, right };
    }
    return left;
  }

  private operand(): Expression {
    const token = this.next();
    if (token.kind === 'number') return { kind: 'number', value: token.value };
    if (token.kind === 'name') return { kind: 'name', name: token.name, offset: token.offset };
    if (token.kind === 'op' && token.op === '-') return { kind: 'negate', operand: this.operand() };
    if (token.kind === 'op' && token.op === '(') {
      const inner = this.expression(1);
      const close = this.next();
      if (close.kind !== 'op' || close.op !== ')') throw new ExpressionError(`expected ")" to close the "(" at column ${token.offset + 1}${found(close)}`, close.offset);
      return inner;
    }
    throw new ExpressionError(`expected a number, a name or "("${found(token)}`, token.offset);
  }

  end(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw new ExpressionError(`expected an operator (+ - * /)${found(token)}`, token.offset);
  }
}

const found = (token: Token): string => (token.kind === 'end' ? ', found the end' : `, found "${token.text}"`);

export function parseExpression(text: string): ExpressionResult {
  try {
    const parser = new Parser(tokenise(text));
    const expression = parser.expression(1);
    parser.end();
    return { kind: 'ok', expression };
  } catch (error: unknown) {
    if (error instanceof ExpressionError) return { kind: 'invalid', reason: error.reason, offset: error.offset };
    throw error;
  }
}

/** The names an expression reads, each with the offset of its first use, in order. */
export function expressionNames(expression: Expression): { name: string; offset: number }[] {
  const out = new Map<string, number>();
  const walk = (e: Expression): void => {
    if (e.kind === 'name' && !out.has(e.name)) out.set(e.name, e.offset);
    else if (e.kind === 'negate') walk(e.operand);
    else if (e.kind === 'binary') {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(expression);
  return [...out].map(([name, offset]) => ({ name, offset }));
}

/** The value, or null when a name has no value, a division is by zero, or the result is not a finite number. */
export function evaluateExpression(expression: Expression, valueOf: (name: string) => number | null): number | null {
  const value = evaluate(expression, valueOf);
  return value !== null && Number.isFinite(value) ? value : null;
}

function evaluate(e: Expression, valueOf: (name: string) => number | null): number | null {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'name':
      return valueOf(e.name);
    case 'negate': {
      const v = evaluate(e.operand, valueOf);
      return v === null ? null : -v;
    }
    case 'binary': {
      const left = evaluate(e.left, valueOf);
      const right = evaluate(e.right, valueOf);
      if (left === null || right === null) return null;
      if (e.op === '/') return right === 0 ? null : left / right;
      return e.op === '+' ? left + right : e.op === '-' ? left - right : left * right;
    }
  }
}

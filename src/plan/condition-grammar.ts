/**
 * The boolean layer of an alert's `when`: conditions combined with `and`,
 * `or`, `not` and parentheses, `not` binding tighter than `and`, `and` tighter
 * than `or` (`not a and b or c` is `((not a) and b) or c`). A leaf is one
 * condition of a kind (conditions.ts parses it): the text between the
 * keywords, parentheses of a call or of arithmetic inside it included
 * (`change(awu, 1d) < -20%`, `p95 > target * (1 + 20%)`); a `(` where a
 * condition starts groups conditions. Pure; errors carry their offset.
 */

export type BooleanTree =
  | { readonly kind: 'leaf'; readonly text: string; readonly offset: number }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly BooleanTree[]; readonly text: string }
  | { readonly kind: 'not'; readonly operand: BooleanTree; readonly text: string };

export type BooleanResult = { readonly kind: 'ok'; readonly tree: BooleanTree } | { readonly kind: 'invalid'; readonly reason: string; readonly offset: number };

interface Token {
  readonly text: string;
  readonly offset: number;
}

const TOKEN = /[a-z_][a-z0-9_]*|\d+(?:\.\d+)?[a-z%]*|[<>=!]=?|\S/gy;
const KEYWORDS = new Set(['and', 'or', 'not']);

class GrammarError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (let at = 0; at < text.length; ) {
    if (/\s/.test(text[at] ?? '')) {
      at++;
      continue;
    }
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    const token = match?.[0] ?? text.slice(at, at + 1);
    tokens.push({ text: token, offset: at });
    at += token.length;
  }
  return tokens;
}

class Parser {
  private at = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private span(start: number): string {
    const last = this.tokens[this.at - 1];
    return last ? this.source.slice(start, last.offset + last.text.length) : '';
  }

  or(): BooleanTree {
    return this.chain('or', () => this.and());
  }

  private and(): BooleanTree {
    return this.chain('and', () => this.not());
  }

  private chain(keyword: 'and' | 'or', operand: () => BooleanTree): BooleanTree {
    const start = this.peek()?.offset ?? this.source.length;
    const operands = [operand()];
    while (this.peek()?.text === keyword) {
      this.at++;
      operands.push(operand());
    }
    return operands.length === 1 && operands[0] ? operands[0] : { kind: keyword, operands, text: this.span(start) };
  }

  private not(): BooleanTree {
    const token = this.peek();
    if (token?.text !== 'not') return this.primary();
    this.at++;
    const operand = this.not();
    return { kind: 'not', operand, text: this.span(token.offset) };
  }

  private primary(): BooleanTree {
    const token = this.peek();
    if (token === undefined) throw new GrammarError('expected a condition, found the end', this.source.length);
    if (token.text === '(') {
      this.at++;
      const inner = this.or();
      const close = this.peek();
      if (close?.text !== ')') throw new GrammarError(`expected ")" to close the "(" at column ${token.offset + 1}${close ? `, found "${close.text}"` : ', found the end'}`, close?.offset ?? this.source.length);
      this.at++;
      return inner;
    }
    if (KEYWORDS.has(token.text) || token.text === ')') throw new GrammarError(`expected a condition, found "${token.text}"`, token.offset);
    return this.leaf();
  }

  /** Tokens up to `and`, `or` or an unmatched `)`, outside the leaf's own parentheses. */
  private leaf(): BooleanTree {
    const start = this.peek()?.offset ?? 0;
    let depth = 0;
    for (let token = this.peek(); token !== undefined; token = this.peek()) {
      if (depth === 0 && (token.text === 'and' || token.text === 'or' || token.text === ')')) break;
      if (depth === 0 && token.text === 'not') throw new GrammarError('"not" goes before a condition: write "not (a)" or "a and not b"', token.offset);
      if (token.text === '(') depth++;
      if (token.text === ')') depth--;
      this.at++;
    }
    return { kind: 'leaf', text: this.span(start), offset: start };
  }

  end(): void {
    const token = this.peek();
    if (token !== undefined) throw new GrammarError(token.text === ')' ? 'unexpected ")": no "(" is open' : `expected "and", "or" or the end, found "${token.text}"`, token.offset);
  }
}

export function parseBoolean(text: string): BooleanResult {
  try {
    const parser = new Parser(text, tokenise(text));
    const tree = parser.or();
    parser.end();
    return { kind: 'ok', tree };
  } catch (error: unknown) {
    if (error instanceof GrammarError) return { kind: 'invalid', reason: error.reason, offset: error.offset };
    throw error;
  }
}

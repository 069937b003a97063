import { describe, expect, it } from 'vitest';
import { arrayLiteral, booleanLiteral, floatLiteral, identifier, int64Literal, scalarLiteral, stringLiteral, tupleLiteral } from './literal.js';

/** Reads a ClickHouse string literal back as the server does (the escapes literal.ts writes), for the unit test. */
function unquote(literal: string): string {
  expect(literal.startsWith("'") && literal.endsWith("'")).toBe(true);
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "'") throw new Error(`unescaped quote at ${i} in ${literal}`);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i];
    if (next === 'x') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else out += next;
  }
  return out;
}

const HOSTILE = [
  "it's",
  "''",
  "\\'",
  '\\',
  'back\\slash\\',
  "'; DROP TABLE lw_events; --",
  "x' OR '1'='1",
  '\u0000',
  'nul\u0000inside',
  'line\nbreak\r\ncarriage\ttab',
  '\u0001\u001f\u007f\b\f\v',
  '\ud800',
  'lone \udc00 low',
  'pair \ud83d\ude00 emoji',
  'ünïcödé ✓ 日本語 עברית',
  '`backtick` "double"',
  '',
  '?',
  '{name:String}',
  '\\x41',
  '\\0',
];

describe('stringLiteral', () => {
  it.each(HOSTILE)('quotes %j so that it reads back as itself', (value) => {
    const literal = stringLiteral(value);
    expect(unquote(literal)).toBe(value.replace(/[\ud800-\udfff]/g, (c, at: number, s: string) => (isPaired(s, at) ? c : '\ufffd')));
    // Nothing but the escapes' own characters follows a backslash, and no quote stands alone.
    expect(literal.slice(1, -1)).not.toMatch(/(^|[^\\])(\\\\)*'/);
    // eslint-disable-next-line no-control-regex
    expect(literal).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it('writes a lone surrogate as U+FFFD, the bytes any UTF-8 encoder writes for it', () => {
    expect(Buffer.from(unquote(stringLiteral('a\ud800b'))).equals(Buffer.from('a\ud800b'))).toBe(true);
    expect(stringLiteral('\ud83d\ude00')).toBe("'\ud83d\ude00'");
  });

  it('refuses what is not a string', () => {
    expect(() => stringLiteral(5 as unknown as string)).toThrow(TypeError);
  });
});

function isPaired(s: string, at: number): boolean {
  const code = s.charCodeAt(at);
  if (code <= 0xdbff) return (s.charCodeAt(at + 1) & 0xfc00) === 0xdc00;
  return (s.charCodeAt(at - 1) & 0xfc00) === 0xd800;
}

describe('numbers and booleans', () => {
  it('writes floats so that ClickHouse types them Float64 and reads them exactly', () => {
    expect(floatLiteral(5)).toBe('5.0');
    expect(floatLiteral(-3)).toBe('-3.0');
    expect(floatLiteral(0.1)).toBe('0.1');
    expect(floatLiteral(1e21)).toBe('1e+21');
    expect(floatLiteral(-0)).toBe('-0.0');
    expect(floatLiteral(5e-324)).toBe("reinterpretAsFloat64(unhex('0100000000000000'))");
    expect(floatLiteral(1.7976931348623157e308)).toBe('1.7976931348623157e+308');
  });

  it.each([NaN, Infinity, -Infinity])('refuses %s', (value) => {
    expect(() => floatLiteral(value)).toThrow(TypeError);
    expect(() => int64Literal(value)).toThrow(TypeError);
    expect(() => scalarLiteral(value)).toThrow(TypeError);
  });

  it('writes Int64 as integer text and refuses fractions and unsafe integers', () => {
    expect(int64Literal(1_795_339_800_000)).toBe('1795339800000');
    expect(int64Literal(-5)).toBe('-5');
    expect(() => int64Literal(1.5)).toThrow(TypeError);
    expect(() => int64Literal(2 ** 53)).toThrow(TypeError);
    expect(() => int64Literal('1; DROP' as unknown as number)).toThrow(TypeError);
  });

  it('writes booleans as the UInt8 they are stored as, and scalars by type', () => {
    expect(booleanLiteral(true)).toBe('1');
    expect(booleanLiteral(false)).toBe('0');
    expect(() => booleanLiteral('true' as unknown as boolean)).toThrow(TypeError);
    expect(scalarLiteral(null)).toBe('NULL');
    expect(scalarLiteral('a')).toBe("'a'");
    expect(scalarLiteral(2)).toBe('2.0');
    expect(scalarLiteral(false)).toBe('0');
    expect(() => scalarLiteral({} as unknown as string)).toThrow(TypeError);
  });

  it('joins lists into arrays and tuples; an empty tuple has no literal', () => {
    expect(arrayLiteral(['1', "'a'"])).toBe("[1, 'a']");
    expect(arrayLiteral([])).toBe('[]');
    expect(tupleLiteral(["'a'"])).toBe("('a')");
    expect(() => tupleLiteral([])).toThrow(TypeError);
  });
});

describe('identifier', () => {
  it('quotes plan names with backticks', () => {
    expect(identifier('ev_gen')).toBe('`ev_gen`');
    expect(identifier('_x9')).toBe('`_x9`');
  });

  it.each(['', 'Gen', 'a-b', 'a b', '9a', 'a`b', "a'b", 'a;drop', 'é', 'a\u0000'])('refuses %j', (name) => {
    expect(() => identifier(name)).toThrow(TypeError);
  });
});

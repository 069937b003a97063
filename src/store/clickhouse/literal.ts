/**
 * The one formatter through which every value reaches ClickHouse SQL. ClickHouse
 * 18.16 has no server-side query parameters, so values are written as literals,
 * and only through these functions:
 *
 * - strings: single-quoted, with backslash, quote and every control character
 *   (NUL included) escaped as `\\`, `\'` and `\xHH`; the rest is UTF-8 as is. A
 *   lone surrogate (not representable in UTF-8) becomes U+FFFD, as every UTF-8
 *   encoder writes it, so what is stored is exactly `Buffer.from(value)`;
 * - numbers: finite or refused; floats always in a form ClickHouse types as
 *   Float64 (`5.0`, `1e+21`), subnormals by their bit pattern (18.16 cannot parse
 *   them as text); Int64 as integer text, checked to be a safe integer;
 * - booleans as 1 / 0 (the UInt8 columns that store them);
 * - arrays and tuples of the above;
 * - identifiers are never values: `identifier()` accepts only
 *   /^[a-z_][a-z0-9_]*$/ (plan names, validated again here) and quotes them
 *   with backticks.
 *
 * Pure.
 */
import type { Scalar } from '../../plan/types.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** What a string literal cannot hold as is: backslash, quote, control characters, surrogates (paired ones are checked one by one). */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\\'\x00-\x1f\x7f\ud800-\udfff]/;

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** A ClickHouse string literal. */
export function stringLiteral(value: string): string {
  if (typeof value !== 'string') throw new TypeError(`not a string: ${typeof value}`);
  if (!NEEDS_ESCAPE.test(value)) return `'${value}'`;
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x5c) out += '\\\\';
    else if (code === 0x27) out += "\\'";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdbff && isLow(value.charCodeAt(i + 1))) {
      out += value.slice(i, i + 2);
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else out += value[i];
  }
  return `${out}'`;
}

function finite(value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`not a finite number: ${String(value)}`);
  return value;
}

/** A Float64 literal: exact (ClickHouse parses the shortest round-trip text exactly). */
export function floatLiteral(value: number): string {
  const x = finite(value);
  if (Object.is(x, -0)) return '-0.0';
  if (x !== 0 && Math.abs(x) < 2.2250738585072014e-308) {
    // Subnormal: 18.16's parser refuses the text; its bits (little endian) are exact on every version.
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleLE(x);
    return `reinterpretAsFloat64(unhex('${bytes.toString('hex').toUpperCase()}'))`;
  }
  const text = String(x);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** An Int64 literal: a safe integer (epoch milliseconds, counts, steps). */
export function int64Literal(value: number): string {
  if (!Number.isSafeInteger(finite(value))) throw new TypeError(`not a safe integer: ${String(value)}`);
  return String(value);
}

export function booleanLiteral(value: boolean): string {
  if (typeof value !== 'boolean') throw new TypeError(`not a boolean: ${String(value)}`);
  return value ? '1' : '0';
}

/** A plan scalar as stored: strings as strings, numbers as Float64, booleans as UInt8. */
export function scalarLiteral(value: Scalar | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return floatLiteral(value);
  if (typeof value === 'boolean') return booleanLiteral(value);
  throw new TypeError(`not a scalar: ${typeof value}`);
}

/** A list of literals already formatted, as an array literal. */
export function arrayLiteral(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

/** A list of literals already formatted, as a tuple (for IN); never empty. */
export function tupleLiteral(items: readonly string[]): string {
  if (items.length === 0) throw new TypeError('an empty tuple has no literal');
  return `(${items.join(', ')})`;
}

/** An identifier from the plan (an event type, a property, a database): checked, then quoted. */
export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new TypeError(`not a valid identifier: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

/** Whether a name may be an identifier. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

import { describe, expect, it } from 'vitest';
import { anchoredRegex, regexProblem, type AnchoredRegex } from './regex.js';

function regex(source: string): AnchoredRegex {
  const result = anchoredRegex(source);
  if (result.kind !== 'ok') throw new Error(`expected "${source}" to compile, got: ${result.reason}`);
  return result.regex;
}

function reason(source: string): string {
  const result = anchoredRegex(source);
  if (result.kind !== 'invalid') throw new Error(`expected "${source}" to be refused`);
  return result.reason;
}

describe('anchoredRegex', () => {
  it('matches the whole value only, as Alertmanager anchors it', () => {
    expect(regex('P1|P2').matches('P1')).toBe(true);
    expect(regex('P1|P2').matches('P2')).toBe(true);
    expect(regex('P1|P2').matches('P12')).toBe(false);
    expect(regex('P1|P2').matches('xP1')).toBe(false);
    expect(regex('api-.*').matches('api-eu')).toBe(true);
    expect(regex('api').matches('api-eu')).toBe(false);
  });

  it('matches the empty value with an empty pattern, and nothing else', () => {
    expect(regex('').matches('')).toBe(true);
    expect(regex('').matches('a')).toBe(false);
  });

  it('reads . as any character but a newline, and $ as the end of the value, as Go does', () => {
    expect(regex('a.c').matches('abc')).toBe(true);
    expect(regex('a.c').matches('a\nc')).toBe(false);
    expect(regex('(?s)a.c').matches('a\nc')).toBe(true);
    expect(regex('a').matches('a\n')).toBe(false);
    expect(regex('.').matches('é')).toBe(true);
  });

  it('knows RE2 character classes: Perl, POSIX and Unicode, \\w and \\d ASCII only', () => {
    expect(regex('host[0-9]+:9100').matches('host12:9100')).toBe(true);
    expect(regex('\\d+').matches('123')).toBe(true);
    expect(regex('[[:alpha:]]+').matches('abc')).toBe(true);
    expect(regex('[[:alpha:]]+').matches('ab1')).toBe(false);
    expect(regex('\\pL+').matches('héllo')).toBe(true);
    expect(regex('\\w+').matches('é')).toBe(false);
    expect(regex('[^x]').matches('y')).toBe(true);
    expect(regex('(?i)critical').matches('CRITICAL')).toBe(true);
  });

  it('keeps Go’s reading of an alternation that closes the anchor group', () => {
    // Alertmanager compiles "^(?:" + value + ")$" as text, so "a)|(b" is ^(?:a)|(b)$.
    expect(regex('a)|(b').matches('a-anything')).toBe(true);
  });

  it('refuses what RE2 cannot read, saying what is wrong', () => {
    expect(reason('(unclosed')).toBe('"(unclosed" is not a valid regular expression: missing closing ): `(unclosed`');
    expect(reason('[a')).toMatch(/missing closing \]/);
    expect(reason('a{2,1}')).toMatch(/invalid repeat count/);
    expect(reason('x{1001}')).toMatch(/invalid repeat count/);
    expect(reason('a**')).toMatch(/invalid nested repetition operator/);
  });

  it('says that RE2 has no backreferences or lookaround when a pattern uses them', () => {
    expect(reason('(a)\\1')).toMatch(/no backreferences/);
    expect(reason('(?=a)a')).toMatch(/no lookahead or lookbehind/);
    expect(reason('(?!a)b')).toMatch(/no lookahead or lookbehind/);
    expect(reason('(?<=a)b')).toMatch(/no lookahead or lookbehind/);
    expect(reason('(?<!a)b')).toMatch(/no lookahead or lookbehind/);
  });

  it('compiles a pattern in use once, and again once it has been dropped for many others', () => {
    const first = anchoredRegex('sev(1|2)');
    expect(anchoredRegex('sev(1|2)')).toBe(first);
    for (let i = 0; i < 100; i++) anchoredRegex(`other${i}`);
    const again = anchoredRegex('sev(1|2)');
    expect(again).not.toBe(first);
    expect(again.kind === 'ok' && again.regex.matches('sev2')).toBe(true);
  });

  it('answers a pattern that backtracking engines take exponential time on, over a long value', () => {
    const value = 'X'.repeat(20_000) + 'y';
    expect(regex('(.*){22}X').matches(value)).toBe(false);
    expect(regex('(.*){1000}X').matches(value)).toBe(false);
    expect(regex('(x+x+)+y').matches('x'.repeat(20_000))).toBe(false);
    expect(regex('(.*){22}X').matches('X'.repeat(20_000))).toBe(true);
  });
});

describe('regexProblem', () => {
  it('is null for a valid pattern and the reason otherwise', () => {
    expect(regexProblem('P[12]')).toBeNull();
    expect(regexProblem('(')).toMatch(/^"\(" is not a valid regular expression: missing closing \)/);
  });
});

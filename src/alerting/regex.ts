/**
 * The regular expressions of matchers (`=~`, `!~`) and of the API's
 * `receiver=` query, as Alertmanager reads them: Go's RE2 syntax, anchored at
 * both ends (`^(?:pattern)$`), `.` not matching a newline. They come from
 * clients and plans, so they run on re2js, whose time is linear in the value:
 * a pattern such as `(.*){22}X` cannot stall the process as it does with
 * JavaScript's backtracking RegExp. RE2 has no backreferences and no
 * lookaround; a pattern that uses them is refused with that reason.
 */
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';

/** A pattern compiled once, matched against whole values. */
export interface AnchoredRegex {
  readonly source: string;
  /** The whole value matches, as Go's MatchString on `^(?:source)$`. */
  matches(value: string): boolean;
}

export type RegexResult = { readonly kind: 'ok'; readonly regex: AnchoredRegex } | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Compiled patterns by source. One silence's regex is matched against every
 * alert on every tick, so it is compiled once; the bound keeps memory flat
 * (each compiled pattern keeps its own lazily built automaton, up to a few MB)
 * whatever patterns clients send. Least recently used go first.
 */
const CACHE_SIZE = 64;
const cache = new Map<string, RegexResult>();

/** What RE2 does not have, when the failing fragment uses it, so the refusal says why a JavaScript or PCRE pattern fails. */
function unsupported(fragment: string): string {
  if (/^\\[1-9]/u.test(fragment)) return ' (RE2 syntax has no backreferences)';
  if (/^\(\?<?[=!]/u.test(fragment)) return ' (RE2 syntax has no lookahead or lookbehind)';
  return '';
}

/** The parser's complaint about the pattern as written, without the anchors we add. */
function syntaxReason(source: string, anchoredError: RE2JSException): string {
  let error: unknown = anchoredError;
  try {
    RE2JS.compile(source);
  } catch (raw) {
    error = raw;
  }
  if (!(error instanceof RE2JSSyntaxException)) return anchoredError.message;
  const fragment = error.getPattern() ?? '';
  const shown = fragment === '' ? '' : `: \`${fragment}\``;
  return `${error.getDescription()}${shown}${unsupported(fragment)}`;
}

function compile(source: string): RegexResult {
  try {
    const compiled = RE2JS.compile(`^(?:${source})$`);
    return { kind: 'ok', regex: { source, matches: (value) => compiled.test(value) } };
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    return { kind: 'invalid', reason: `"${source}" is not a valid regular expression: ${syntaxReason(source, error)}` };
  }
}

/** The anchored pattern, or why it is not one. Compiled once per source while it stays in use. */
export function anchoredRegex(source: string): RegexResult {
  const cached = cache.get(source);
  if (cached !== undefined) {
    cache.delete(source);
    cache.set(source, cached);
    return cached;
  }
  const result = compile(source);
  cache.set(source, result);
  const oldest = cache.keys().next();
  if (cache.size > CACHE_SIZE && !oldest.done) cache.delete(oldest.value);
  return result;
}

/** Why the pattern cannot be compiled, or null when it can. */
export function regexProblem(source: string): string | null {
  const result = anchoredRegex(source);
  return result.kind === 'invalid' ? result.reason : null;
}

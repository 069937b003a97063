/**
 * Which labels match what: routes, silences and inhibition, as in
 * Alertmanager. Pure functions over labels; time is a parameter.
 */
import type { InhibitRule, LabelMatch, Routing } from '../plan/alert-types.js';
import { anchoredRegex, regexProblem } from './regex.js';
import type { AlertInstance, Labels, Matcher, Silence } from './types.js';

/** Every listed label has one of its accepted values; a missing label never matches. */
export function matchesLabels(match: LabelMatch, labels: Labels): boolean {
  return Object.entries(match).every(([name, accepted]) => {
    const value = labels[name];
    return value !== undefined && accepted.includes(value);
  });
}

export interface RouteMatch {
  /** Index in routing.routes, or -1 for the fallback channels. */
  readonly route: number;
  readonly channels: readonly string[];
}

/**
 * The routes an alert goes to, in order: the first that matches wins unless
 * it says `continue`. When none matches, the fallback channels as route -1;
 * an empty list when there is no fallback either.
 */
export function routeAlert(routing: Routing, labels: Labels): RouteMatch[] {
  const matched: RouteMatch[] = [];
  for (const [index, route] of routing.routes.entries()) {
    if (!matchesLabels(route.match, labels)) continue;
    matched.push({ route: index, channels: route.channels });
    if (!route.continue) break;
  }
  if (matched.length > 0) return matched;
  return routing.fallback.length > 0 ? [{ route: -1, channels: routing.fallback }] : [];
}

// ---- Silences ----

/**
 * One matcher against labels; a missing label counts as the empty string, and a bad regex never matches.
 * A regex is RE2, anchored at both ends, as Alertmanager's (regex.ts).
 */
export function matcherMatches(matcher: Matcher, labels: Labels): boolean {
  const value = labels[matcher.name] ?? '';
  if (matcher.isRegex) {
    const pattern = anchoredRegex(matcher.value);
    if (pattern.kind === 'invalid') return false;
    return pattern.regex.matches(value) === matcher.isEqual;
  }
  return (value === matcher.value) === matcher.isEqual;
}

/** Every matcher matches. A silence without matchers silences nothing (Alertmanager refuses to create one). */
export function silenceMatches(silence: Pick<Silence, 'matchers'>, labels: Labels): boolean {
  return silence.matchers.length > 0 && silence.matchers.every((m) => matcherMatches(m, labels));
}

export type SilenceState = 'pending' | 'active' | 'expired';

/** Active from startsAt (inclusive) until endsAt (exclusive): expiring a silence sets endsAt to now. */
export function silenceState(silence: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now >= silence.endsAt) return 'expired';
  if (now < silence.startsAt) return 'pending';
  return 'active';
}

/** Ids of the active silences that match the labels. */
export function silencedBy(silences: readonly Silence[], labels: Labels, now: number): string[] {
  return silences.filter((s) => silenceState(s, now) === 'active' && silenceMatches(s, labels)).map((s) => s.id);
}

export type MatchersResult = { readonly kind: 'ok'; readonly matchers: Matcher[] } | { readonly kind: 'invalid'; readonly reason: string };

const MATCHER = /^([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*)$/su;
const OPERATORS: Readonly<Record<string, Pick<Matcher, 'isRegex' | 'isEqual'>>> = {
  '=': { isRegex: false, isEqual: true },
  '!=': { isRegex: false, isEqual: false },
  '=~': { isRegex: true, isEqual: true },
  '!~': { isRegex: true, isEqual: false },
};

/** Splits on commas outside double quotes; null when a quote is left open. */
function splitMatchers(text: string): string[] | null {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quoted && c === '\\') {
      current += c + (text[i + 1] ?? '');
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (quoted) return null;
  parts.push(current);
  return parts;
}

/** A value as written: bare, or in double quotes where \" \\ and \n are escapes (other backslashes stay, for regexes). */
function unquote(raw: string): string | null {
  if (!raw.startsWith('"')) return raw.includes('"') ? null : raw;
  if (raw.length < 2 || !raw.endsWith('"')) return null;
  const body = raw.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c === '"') return null;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[i + 1] ?? '';
    i++;
    if (next === '"' || next === '\\') out += next;
    else if (next === 'n') out += '\n';
    else out += `\\${next}`;
  }
  return out;
}

/**
 * Matchers as typed on the command line, amtool style:
 * `alertname=foo,severity=~"P1|P2",team!=x`, optionally inside `{...}`.
 */
export function parseMatchers(text: string): MatchersResult {
  let inner = text.trim();
  if (inner.startsWith('{') && inner.endsWith('}')) inner = inner.slice(1, -1).trim();
  if (inner === '') return { kind: 'invalid', reason: 'no matchers: expected name=value, name!=value, name=~regex or name!~regex' };
  const parts = splitMatchers(inner);
  if (parts === null) return { kind: 'invalid', reason: `unterminated quote in "${text}"` };
  if (parts.length > 1 && parts.at(-1)?.trim() === '') parts.pop();
  const matchers: Matcher[] = [];
  for (const part of parts) {
    const piece = part.trim();
    const found = MATCHER.exec(piece);
    if (!found) return { kind: 'invalid', reason: `"${piece}" is not a matcher: expected name=value, name!=value, name=~regex or name!~regex` };
    const [, name = '', op = '=', rawValue = ''] = found;
    const value = unquote(rawValue.trim());
    if (value === null) return { kind: 'invalid', reason: `"${piece}": the value has a stray or unterminated quote` };
    const kind = OPERATORS[op] ?? { isRegex: false, isEqual: true };
    const problem = kind.isRegex ? regexProblem(value) : null;
    if (problem !== null) return { kind: 'invalid', reason: `"${piece}": ${problem}` };
    matchers.push({ name, value, ...kind });
  }
  return { kind: 'ok', matchers };
}

// ---- Inhibition ----

/** Every `equal` label has the same value on both; missing on both counts as equal, as in Alertmanager. */
function sameValues(equal: readonly string[], a: Labels, b: Labels): boolean {
  return equal.every((name) => a[name] === b[name]);
}

/**
 * Fingerprints of the firing alerts that inhibit the target. A source inhibits
 * when it matches a rule's source side, the target matches its target side
 * and the `equal` labels agree. An alert never inhibits itself; and, as in
 * Alertmanager, when the target matches the source side too, a source that
 * also matches the target side does not count (two such alerts would
 * otherwise inhibit each other and both go quiet).
 */
export function inhibitedBy(rules: readonly InhibitRule[], target: AlertInstance, firing: readonly AlertInstance[]): string[] {
  const found = new Set<string>();
  for (const rule of rules) {
    if (!matchesLabels(rule.target, target.labels)) continue;
    const twoSided = matchesLabels(rule.source, target.labels);
    for (const source of firing) {
      if (source.state !== 'firing' || source.fingerprint === target.fingerprint) continue;
      if (!matchesLabels(rule.source, source.labels)) continue;
      if (twoSided && matchesLabels(rule.target, source.labels)) continue;
      if (sameValues(rule.equal, source.labels, target.labels)) found.add(source.fingerprint);
    }
  }
  return [...found];
}

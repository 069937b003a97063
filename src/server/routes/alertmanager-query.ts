/**
 * The query side of the Alertmanager API v2 routes, shared by GET
 * /api/v2/alerts and GET /api/v2/alerts/groups: parsing a request with the
 * field it is about, the `filter` and `receiver` queries, and which alerts
 * are listed, as Alertmanager's alertFilter decides.
 */
import type { z } from 'zod';
import type { AlertView } from '../../alerting/engine.js';
import { matcherMatches, parseMatchers } from '../../alerting/match.js';
import { anchoredRegex, type AnchoredRegex } from '../../alerting/regex.js';
import type { AlertInstance, Matcher } from '../../alerting/types.js';
import { LaunchwatchError } from '../../errors.js';
import type { Plan } from '../../plan/types.js';

/** Prometheus's resend delay: a rule alert holds for 4 × max(interval, this) after an evaluation, as Prometheus's own do. */
const RESEND_DELAY_MS = 60_000;

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** The first problem of a failed parse, with the field it is about. */
export function problemOf(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  if (!issue) return `${what}: invalid`;
  const keys = issue.code === 'unrecognized_keys' ? `.${issue.keys.join(', ')}` : '';
  return `${what}${pathText(issue.path)}${keys}: ${issue.message}`;
}

/** The value the schema reads, or a 400 naming the field. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new LaunchwatchError('invalid_request', problemOf(result.error, what));
  return result.data;
}

/** Every `filter` query value as matchers (`alertname="x"`, or several joined by commas). */
export function filterMatchers(filters: readonly string[]): Matcher[] {
  return filters.flatMap((text) => {
    const parsed = parseMatchers(text);
    if (parsed.kind === 'invalid') throw new LaunchwatchError('invalid_request', `query.filter: ${parsed.reason}`);
    return parsed.matchers;
  });
}

/** The `receiver` query: an RE2 pattern, anchored, that one of an alert's receivers matches. Null for none. */
export function receiverPattern(text: string | undefined): AnchoredRegex | null {
  if (text === undefined || text === '') return null;
  const pattern = anchoredRegex(text);
  if (pattern.kind === 'invalid') throw new LaunchwatchError('invalid_request', `query.receiver: ${pattern.reason}`);
  return pattern.regex;
}

/** When a firing alert is expected to end unless it is sent or evaluated again. */
export function expectedEnd(alert: AlertInstance, plan: Plan): number {
  if (alert.source === 'external' && alert.endsAt !== null) return alert.endsAt;
  return alert.lastEvaluatedAt + 4 * Math.max(plan.evaluation.intervalMs, RESEND_DELAY_MS);
}

/** The `active`, `silenced` and `inhibited` query flags: which states of alert to list. */
export interface StateFlags {
  readonly active: boolean;
  readonly silenced: boolean;
  readonly inhibited: boolean;
}

/** Whether a listed alert passes the query's matchers and state flags (the receiver aside), as Alertmanager's alertFilter. */
export function alertSelected(view: AlertView, endsAt: number, now: number, filters: readonly Matcher[], query: StateFlags): boolean {
  const alert = view.alert;
  // Alertmanager lists firing alerts only: an external alert past its end is resolved.
  if (alert.state !== 'firing' || (alert.source === 'external' && endsAt <= now)) return false;
  if (!filters.every((m) => matcherMatches(m, alert.labels))) return false;
  const silenced = view.silencedBy.length > 0;
  const inhibited = view.inhibitedBy.length > 0;
  return (query.active || silenced || inhibited) && (query.silenced || !silenced) && (query.inhibited || !inhibited);
}

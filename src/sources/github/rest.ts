/**
 * The GitHub REST API's shapes and rules, as pure functions: issues and
 * comments from their JSON, Link-header paging, what rate-limit answers ask
 * for, first responses, and which keyword labels an issue gets.
 */
import type { GithubIssue } from '../../store/github.js';

/** An issue as listed by GET /repos/{owner}/{repo}/issues, with its body (kept only in memory, for labelling). */
export interface RestIssue extends Omit<GithubIssue, 'firstResponseAt'> {
  readonly body: string;
}

export interface RestComment {
  readonly issueNumber: number;
  readonly author: string;
  readonly bot: boolean;
  readonly createdAt: number;
  readonly updatedAt: string;
}

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
const time = (value: unknown): number | null => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? Date.parse(value) : null);

/** An issue from the listing; undefined for a pull request (the listing holds both) or an entry missing its fields. */
export function issueFromRest(value: unknown): RestIssue | undefined {
  const v = record(value);
  if (v.pull_request !== undefined) return undefined;
  const createdAt = time(v.created_at);
  const updatedAt = time(v.updated_at);
  if (typeof v.number !== 'number' || createdAt === null || updatedAt === null) return undefined;
  const labels = Array.isArray(v.labels) ? v.labels.map((l) => (typeof l === 'string' ? l : String(record(l).name ?? ''))).filter((l) => l !== '') : [];
  return {
    number: v.number,
    title: typeof v.title === 'string' ? v.title : '',
    state: v.state === 'closed' ? 'closed' : 'open',
    labels,
    author: String(record(v.user).login ?? ''),
    createdAt,
    closedAt: time(v.closed_at),
    updatedAt,
    body: typeof v.body === 'string' ? v.body : '',
  };
}

/** A comment from GET /repos/{owner}/{repo}/issues/comments; its issue is the last segment of issue_url. */
export function commentFromRest(value: unknown): RestComment | undefined {
  const v = record(value);
  const issueNumber = Number(/\/issues\/(\d+)$/.exec(String(v.issue_url ?? ''))?.[1]);
  const createdAt = time(v.created_at);
  const user = record(v.user);
  if (!Number.isInteger(issueNumber) || createdAt === null || typeof v.updated_at !== 'string') return undefined;
  return { issueNumber, author: String(user.login ?? ''), bot: user.type === 'Bot', createdAt, updatedAt: v.updated_at };
}

/** The `rel="next"` URL of a Link header. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (match) return match[1];
  }
  return undefined;
}

/**
 * What an answer says about the rate limit, per GitHub's documentation: a 403 or
 * 429 with `retry-after` waits that many seconds; with `x-ratelimit-remaining: 0`
 * it waits until `x-ratelimit-reset` (epoch seconds); a secondary limit without
 * either waits a minute. A success that used the last request also waits for the reset.
 */
export function rateLimit(status: number, headers: Headers, now: number): { kind: 'limited'; until: number } | { kind: 'free' } {
  const retryAfter = Number(headers.get('retry-after'));
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = Number(headers.get('x-ratelimit-reset')) * 1000;
  const limitedAnswer = status === 429 || (status === 403 && (headers.has('retry-after') || remaining === '0'));
  if (limitedAnswer) {
    if (headers.has('retry-after') && Number.isFinite(retryAfter)) return { kind: 'limited', until: now + retryAfter * 1000 };
    if (remaining === '0' && Number.isFinite(reset) && reset > 0) return { kind: 'limited', until: Math.max(reset, now) };
    return { kind: 'limited', until: now + 60_000 };
  }
  if (status >= 200 && status < 400 && remaining === '0' && Number.isFinite(reset) && reset > now) return { kind: 'limited', until: reset };
  return { kind: 'free' };
}

/** The first response of each issue among these comments: the earliest by someone else than its author, bots aside. */
export function firstResponses(comments: readonly RestComment[], authors: ReadonlyMap<number, string>): { number: number; at: number }[] {
  const first = new Map<number, number>();
  for (const c of comments) {
    const author = authors.get(c.issueNumber);
    if (author === undefined || c.bot || c.author === author) continue;
    const seen = first.get(c.issueNumber);
    if (seen === undefined || c.createdAt < seen) first.set(c.issueNumber, c.createdAt);
  }
  return [...first].map(([number, at]) => ({ number, at }));
}

function mentions(text: string, keyword: string): boolean {
  const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${escaped}($|[^\\p{L}\\p{N}_])`, 'iu').test(text);
}

/** The labels an open issue gets: a rule's label when its title or body mentions a keyword, unless it has it or launchwatch applied it before. */
export function labelsToApply(issue: RestIssue, rules: Readonly<Record<string, readonly string[]>>, applied: ReadonlySet<string>): string[] {
  if (issue.state !== 'open') return [];
  const own = new Set(issue.labels.map((l) => l.toLowerCase()));
  const text = `${issue.title}\n${issue.body}`;
  return Object.entries(rules)
    .filter(([label, keywords]) => !own.has(label.toLowerCase()) && !applied.has(`${issue.number}:${label}`) && keywords.some((k) => mentions(text, k)))
    .map(([label]) => label);
}

/** The newest `updated_at` among these, as the next listing's `since` (inclusive: the newest comes again, harmlessly). */
export function newestUpdate(current: string | null, updates: readonly string[]): string | null {
  let newest = current;
  for (const u of updates) if (newest === null || Date.parse(u) > Date.parse(newest)) newest = u;
  return newest;
}

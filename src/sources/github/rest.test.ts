import { describe, expect, it } from 'vitest';
import { commentFromRest, firstResponses, issueFromRest, labelsToApply, nextLink, rateLimit, type RestIssue } from './rest.js';

const NOW = Date.parse('2026-06-10T12:00:00Z');

describe('GitHub REST rules', () => {
  it('follows rel="next" in a Link header', () => {
    expect(nextLink('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"')).toBe('https://api.github.com/x?page=2');
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=1>; rel="first"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });

  it('reads rate-limit answers: retry-after first, then x-ratelimit-reset, else a minute', () => {
    const h = (entries: Record<string, string>) => new Headers(entries);
    expect(rateLimit(429, h({ 'retry-after': '30' }), NOW)).toEqual({ kind: 'limited', until: NOW + 30_000 });
    expect(rateLimit(403, h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 600) }), NOW)).toEqual({ kind: 'limited', until: NOW + 600_000 });
    expect(rateLimit(403, h({ 'retry-after': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 600) }), NOW)).toEqual({ kind: 'limited', until: NOW + 5000 });
    expect(rateLimit(429, h({}), NOW)).toEqual({ kind: 'limited', until: NOW + 60_000 });
    // A 403 that is not a rate limit (no permission) is not waited on.
    expect(rateLimit(403, h({ 'x-ratelimit-remaining': '4000' }), NOW)).toEqual({ kind: 'free' });
    // The last request of the hour succeeded: wait for the reset before the next one.
    expect(rateLimit(200, h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 60) }), NOW)).toEqual({ kind: 'limited', until: NOW + 60_000 });
    expect(rateLimit(200, h({ 'x-ratelimit-remaining': '10' }), NOW)).toEqual({ kind: 'free' });
  });

  it('skips pull requests in the issue listing and reads label objects', () => {
    expect(issueFromRest({ number: 2, pull_request: {}, created_at: '2026-06-10T00:00:00Z', updated_at: '2026-06-10T00:00:00Z' })).toBeUndefined();
    expect(issueFromRest({ number: 1, title: 't', state: 'open', labels: [{ name: 'P0' }, 'bug'], user: { login: 'ana' }, created_at: '2026-06-10T00:00:00Z', updated_at: '2026-06-10T01:00:00Z', closed_at: null, body: null })).toEqual({
      number: 1,
      title: 't',
      state: 'open',
      labels: ['P0', 'bug'],
      author: 'ana',
      createdAt: Date.parse('2026-06-10T00:00:00Z'),
      closedAt: null,
      updatedAt: Date.parse('2026-06-10T01:00:00Z'),
      body: '',
    });
  });

  it('takes the first comment by someone else than the author, bots aside, as the first response', () => {
    const c = (issue: number, login: string, at: string, type = 'User') => commentFromRest({ issue_url: `https://api.github.com/repos/a/b/issues/${issue}`, user: { login, type }, created_at: at, updated_at: at });
    const comments = [c(1, 'ana', '2026-06-10T01:00:00Z'), c(1, 'bot[bot]', '2026-06-10T01:30:00Z', 'Bot'), c(1, 'kay', '2026-06-10T03:00:00Z'), c(1, 'lee', '2026-06-10T02:00:00Z'), c(7, 'kay', '2026-06-10T02:00:00Z')].filter(
      (x): x is NonNullable<typeof x> => x !== undefined,
    );
    expect(firstResponses(comments, new Map([[1, 'ana']]))).toEqual([{ number: 1, at: Date.parse('2026-06-10T02:00:00Z') }]);
  });

  it('labels open issues whose title or body mentions a keyword as a word, unless labelled or labelled before', () => {
    const issue: RestIssue = { number: 4, title: 'Install fails', body: 'brew stops; not a crashing bug', state: 'open', labels: ['bug'], author: 'lee', createdAt: 0, closedAt: null, updatedAt: 0 };
    const rules = { installation: ['install'], crash: ['crash'], bug: ['fails'], privacy: ['privacy'] };
    expect(labelsToApply(issue, rules, new Set())).toEqual(['installation']);
    expect(labelsToApply(issue, rules, new Set(['4:installation']))).toEqual([]);
    expect(labelsToApply({ ...issue, state: 'closed' }, rules, new Set())).toEqual([]);
    expect(labelsToApply({ ...issue, labels: ['bug', 'Installation'] }, rules, new Set())).toEqual([]);
  });
});

/**
 * Polls a repository's issues and comments from the GitHub REST API every
 * `every`: conditional requests (ETag / If-None-Match), Link-header paging,
 * rate limits honoured; stores what changed and, when enabled, applies the
 * keyword labels. The token goes in the Authorization header only: it is
 * never logged, and never sent to a host other than the API's.
 */
import type { Logger } from 'pino';
import type { GithubSource } from '../../plan/source-types.js';
import type { GithubStore } from '../../store/github.js';
import type { GithubHealth } from './figures.js';
import { commentFromRest, firstResponses, issueFromRest, labelsToApply, newestUpdate, nextLink, rateLimit, type RestComment, type RestIssue } from './rest.js';

export type PollOutcome =
  | { readonly kind: 'disabled' }
  | { readonly kind: 'ok'; readonly issues: number; readonly comments: number; readonly notModified: readonly ('issues' | 'comments')[]; readonly labelled: readonly string[] }
  | { readonly kind: 'rate_limited'; readonly until: number }
  | { readonly kind: 'failed'; readonly reason: string };

export interface GithubPollerOptions {
  readonly source: () => GithubSource | undefined;
  readonly store: GithubStore;
  readonly now: () => number;
  readonly logger: Logger;
}

type Listing<T> = { kind: 'not_modified' } | { kind: 'ok'; items: T[]; etag: string | null } | { kind: 'rate_limited'; until: number } | { kind: 'failed'; reason: string };

class Stop extends Error {
  constructor(readonly outcome: Extract<PollOutcome, { kind: 'rate_limited' | 'failed' }>) {
    super(outcome.kind);
  }
}

export class GithubPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  /** No request before this time: a rate limit asked for it. */
  private blockedUntil = 0;
  /** Whether a poll answered this run, and why the last one did not: github metrics are unknown until one does. */
  private answered = false;
  private lastFailure: string | null = null;

  constructor(private readonly options: GithubPollerOptions) {}

  private headers(source: GithubSource, etag: string | null): Record<string, string> {
    return {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'launchwatch',
      authorization: `Bearer ${source.token}`,
      ...(etag ? { 'if-none-match': etag } : {}),
    };
  }

  /** Every page of a listing; the first page conditional on `etag`. */
  private async list<T>(source: GithubSource, first: string, etag: string | null, read: (value: unknown) => T | undefined): Promise<Listing<T>> {
    const origin = new URL(source.baseUrl).origin;
    const items: T[] = [];
    let url: string | undefined = first;
    let firstEtag: string | null = null;
    for (let page = 0; url !== undefined; page++) {
      const response = await fetch(url, { headers: this.headers(source, page === 0 ? etag : null), redirect: 'error', signal: AbortSignal.timeout(30_000) });
      const limit = rateLimit(response.status, response.headers, this.options.now());
      if (response.status === 304) return { kind: 'not_modified' };
      if (!response.ok) {
        await response.body?.cancel();
        if (limit.kind === 'limited') return { kind: 'rate_limited', until: limit.until };
        return { kind: 'failed', reason: `GitHub answered ${response.status} to ${new URL(url).pathname}` };
      }
      if (limit.kind === 'limited') this.blockedUntil = Math.max(this.blockedUntil, limit.until);
      if (page === 0) firstEtag = response.headers.get('etag');
      const body: unknown = await response.json();
      if (!Array.isArray(body)) return { kind: 'failed', reason: `GitHub answered ${new URL(url).pathname} with something else than a list` };
      for (const value of body) {
        const item = read(value);
        if (item !== undefined) items.push(item);
      }
      const next = nextLink(response.headers.get('link'));
      // Paging links stay on the API's host: the token never goes anywhere else.
      url = next !== undefined && new URL(next).origin === origin ? next : undefined;
      if (next !== undefined && url === undefined) return { kind: 'failed', reason: 'GitHub sent a next page on another host; not followed' };
      if (page >= 1000) return { kind: 'failed', reason: 'more than 1000 pages' };
    }
    return { kind: 'ok', items, etag: firstEtag };
  }

  private listed<T>(listing: Listing<T>): Exclude<Listing<T>, { kind: 'rate_limited' | 'failed' }> {
    if (listing.kind === 'rate_limited' || listing.kind === 'failed') throw new Stop(listing);
    return listing;
  }

  /** What this run knows of the source (withGithubFigures reads it). */
  health(): GithubHealth {
    return { answered: this.answered, lastFailure: this.lastFailure };
  }

  /** One poll: issues, then comments (for first responses), then labels. */
  async poll(): Promise<PollOutcome> {
    const outcome = await this.pollOnce();
    if (outcome.kind === 'ok') [this.answered, this.lastFailure] = [true, null];
    else if (outcome.kind === 'failed') this.lastFailure = outcome.reason;
    else if (outcome.kind === 'rate_limited') this.lastFailure = `rate limited until ${new Date(outcome.until).toISOString()}`;
    return outcome;
  }

  private async pollOnce(): Promise<PollOutcome> {
    const source = this.options.source();
    if (!source || source.token === '') return { kind: 'disabled' };
    if (this.options.now() < this.blockedUntil) return { kind: 'rate_limited', until: this.blockedUntil };
    const { store } = this.options;
    const repo = source.repo;
    const api = `${source.baseUrl}/repos/${repo}`;
    const since = (s: string | null): string => (s === null ? '' : `&since=${encodeURIComponent(s)}`);
    try {
      let cursor = await store.cursor(repo);
      const notModified: ('issues' | 'comments')[] = [];
      const issues = this.listed(await this.list<RestIssue>(source, `${api}/issues?state=all&sort=updated&direction=asc&per_page=100${since(cursor.issuesSince)}`, cursor.issuesEtag, issueFromRest));
      let changed: RestIssue[] = [];
      if (issues.kind === 'not_modified') notModified.push('issues');
      else {
        changed = issues.items;
        await store.putIssues(repo, changed.map(({ body: _body, ...issue }) => issue));
        cursor = { ...cursor, issuesSince: newestUpdate(cursor.issuesSince, changed.map((i) => new Date(i.updatedAt).toISOString())), issuesEtag: issues.etag };
        await store.putCursor(repo, cursor);
      }
      const comments = this.listed(
        await this.list<RestComment>(source, `${api}/issues/comments?sort=updated&direction=asc&per_page=100${since(cursor.commentsSince)}`, cursor.commentsEtag, commentFromRest),
      );
      let commentCount = 0;
      if (comments.kind === 'not_modified') notModified.push('comments');
      else {
        commentCount = comments.items.length;
        const authors = new Map((await store.issues(repo)).map((i) => [i.number, i.author]));
        await store.recordFirstResponses(repo, firstResponses(comments.items, authors));
        cursor = { ...cursor, commentsSince: newestUpdate(cursor.commentsSince, comments.items.map((c) => c.updatedAt)), commentsEtag: comments.etag };
        await store.putCursor(repo, cursor);
      }
      const labelled = await this.label(source, changed);
      return { kind: 'ok', issues: changed.length, comments: commentCount, notModified, labelled };
    } catch (error: unknown) {
      if (error instanceof Stop) {
        if (error.outcome.kind === 'rate_limited') this.blockedUntil = error.outcome.until;
        return error.outcome;
      }
      // A network error or a bad answer: the message names neither the token nor the headers.
      return { kind: 'failed', reason: error instanceof Error ? error.message.split('\n')[0] ?? 'error' : 'error' };
    }
  }

  /** Keyword labels for the issues of this poll, as `<number>:<label>`; applied through the API only when enabled. */
  private async label(source: GithubSource, issues: readonly RestIssue[]): Promise<string[]> {
    const rules = source.autoLabel.rules;
    if (Object.keys(rules).length === 0 || issues.length === 0) return [];
    const applied = await this.options.store.appliedLabels(source.repo);
    const done: string[] = [];
    for (const issue of issues) {
      const labels = labelsToApply(issue, rules, applied);
      if (labels.length === 0) continue;
      if (!source.autoLabel.enabled) {
        this.options.logger.info({ repo: source.repo, issue: issue.number, labels }, 'github: would label (auto_label.enabled is false)');
        continue;
      }
      const response = await fetch(`${source.baseUrl}/repos/${source.repo}/issues/${issue.number}/labels`, {
        method: 'POST',
        headers: { ...this.headers(source, null), 'content-type': 'application/json' },
        body: JSON.stringify({ labels }),
        redirect: 'error',
        signal: AbortSignal.timeout(30_000),
      });
      await response.body?.cancel();
      const limit = rateLimit(response.status, response.headers, this.options.now());
      if (!response.ok) {
        if (limit.kind === 'limited') this.blockedUntil = limit.until;
        this.options.logger.warn({ repo: source.repo, issue: issue.number, status: response.status }, 'github: labelling failed');
        if (limit.kind === 'limited') break;
        continue;
      }
      for (const label of labels) {
        await this.options.store.recordAppliedLabel(source.repo, issue.number, label, this.options.now());
        done.push(`${issue.number}:${label}`);
      }
    }
    return done;
  }

  /** Polls now, then every `every` (later when a rate limit asks). Says once in the log when the source is disabled. */
  start(): void {
    const source = this.options.source();
    if (!source) return;
    if (source.token === '') {
      this.options.logger.warn({ repo: source.repo }, 'sources.github has no token (its variable is empty or unset): the GitHub source is disabled');
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.poll()
        .then((outcome) => {
          if (outcome.kind === 'failed') this.options.logger.warn({ reason: outcome.reason }, 'github: poll failed');
          if (outcome.kind === 'rate_limited') this.options.logger.warn({ until: new Date(outcome.until).toISOString() }, 'github: rate limited');
        })
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'github: poll failed'))
        .finally(() => {
          const every = this.options.source()?.everyMs ?? 300_000;
          this.schedule(Math.max(every, this.blockedUntil - this.options.now()));
        });
    }, delayMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}

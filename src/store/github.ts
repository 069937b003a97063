/**
 * The GitHub issues a `sources.github` source has read, and where its polling
 * stands, in the domain's words. Every backend passes test/contract/github-store.ts.
 */

export interface GithubIssue {
  readonly number: number;
  readonly title: string;
  readonly state: 'open' | 'closed';
  readonly labels: readonly string[];
  /** The login of who opened it. */
  readonly author: string;
  readonly createdAt: number;
  readonly closedAt: number | null;
  readonly updatedAt: number;
  /** The first comment by someone else than the author (bots aside); null until there is one. */
  readonly firstResponseAt: number | null;
}

/** Where polling stands: the `since` of the next listing and the ETag of its last answer, for issues and for comments. */
export interface GithubCursor {
  readonly issuesSince: string | null;
  readonly issuesEtag: string | null;
  readonly commentsSince: string | null;
  readonly commentsEtag: string | null;
}

export const EMPTY_CURSOR: GithubCursor = Object.freeze({ issuesSince: null, issuesEtag: null, commentsSince: null, commentsEtag: null });

export interface GithubStore {
  /** Inserts or replaces issues by number; a replaced issue keeps its first response. */
  putIssues(repo: string, issues: readonly Omit<GithubIssue, 'firstResponseAt'>[]): Promise<void>;
  /** Sets each issue's first response to the earliest of the stored one and the given one. Unknown issues are ignored. */
  recordFirstResponses(repo: string, responses: readonly { readonly number: number; readonly at: number }[]): Promise<void>;
  /** Every stored issue of the repository, by number. */
  issues(repo: string): Promise<GithubIssue[]>;
  cursor(repo: string): Promise<GithubCursor>;
  putCursor(repo: string, cursor: GithubCursor): Promise<void>;
  /** Labels launchwatch applied itself (auto-labelling), as `<number>:<label>`, so that a label a person removed is not applied again. */
  appliedLabels(repo: string): Promise<Set<string>>;
  recordAppliedLabel(repo: string, number: number, label: string, at: number): Promise<void>;
}

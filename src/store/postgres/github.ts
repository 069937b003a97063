/** GithubStore on PostgreSQL: issues, polling cursors and the labels launchwatch applied, per repository. */
import type { GithubCursor, GithubIssue, GithubStore } from '../github.js';
import { EMPTY_CURSOR } from '../github.js';
import { lastOfEach } from './alerts.js';
import { ms, type PgDatabase } from './database.js';

interface IssueRow {
  number: number;
  title: string;
  state: string;
  labels: string[];
  author: string;
  created_at: number;
  closed_at: number | null;
  updated_at: number;
  first_response_at: number | null;
}

export class PgGithubStore implements GithubStore {
  constructor(private readonly db: PgDatabase) {}

  /** One upsert over arrays; a number given twice keeps its last version, and a replaced issue its first response. */
  async putIssues(repo: string, issues: readonly Omit<GithubIssue, 'firstResponseAt'>[]): Promise<void> {
    if (issues.length === 0) return;
    const i = lastOfEach(issues, (x) => String(x.number));
    await this.db.query(
      `INSERT INTO github_issues (repo, number, title, state, labels, author, created_at, closed_at, updated_at)
       SELECT $1::text, * FROM unnest($2::int[], $3::text[], $4::text[], $5::json[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[])
       ON CONFLICT (repo, number) DO UPDATE SET title = excluded.title, state = excluded.state, labels = excluded.labels,
         author = excluded.author, created_at = excluded.created_at, closed_at = excluded.closed_at, updated_at = excluded.updated_at`,
      [
        repo,
        i.map((x) => x.number),
        i.map((x) => x.title),
        i.map((x) => x.state),
        i.map((x) => JSON.stringify(x.labels)),
        i.map((x) => x.author),
        i.map((x) => ms(x.createdAt)),
        i.map((x) => (x.closedAt === null ? null : ms(x.closedAt))),
        i.map((x) => ms(x.updatedAt)),
      ],
    );
  }

  /** The earliest of the stored first response and the given ones, per issue, in one statement. */
  async recordFirstResponses(repo: string, responses: readonly { number: number; at: number }[]): Promise<void> {
    if (responses.length === 0) return;
    await this.db.query(
      `UPDATE github_issues SET first_response_at = LEAST(first_response_at, r.at)
       FROM (SELECT number, min(at) AS at FROM unnest($2::int[], $3::bigint[]) AS u(number, at) GROUP BY number) AS r
       WHERE github_issues.repo = $1 AND github_issues.number = r.number`,
      [repo, responses.map((r) => r.number), responses.map((r) => ms(r.at))],
    );
  }

  async issues(repo: string): Promise<GithubIssue[]> {
    const { rows } = await this.db.query<IssueRow>('SELECT * FROM github_issues WHERE repo = $1 ORDER BY number', [repo]);
    return rows.map((r) => ({
      number: r.number,
      title: r.title,
      state: r.state === 'closed' ? 'closed' : 'open',
      labels: r.labels,
      author: r.author,
      createdAt: r.created_at,
      closedAt: r.closed_at,
      updatedAt: r.updated_at,
      firstResponseAt: r.first_response_at,
    }));
  }

  async cursor(repo: string): Promise<GithubCursor> {
    const { rows } = await this.db.query<{ issues_since: string | null; issues_etag: string | null; comments_since: string | null; comments_etag: string | null }>(
      'SELECT issues_since, issues_etag, comments_since, comments_etag FROM github_cursors WHERE repo = $1',
      [repo],
    );
    const row = rows[0];
    if (!row) return EMPTY_CURSOR;
    return { issuesSince: row.issues_since, issuesEtag: row.issues_etag, commentsSince: row.comments_since, commentsEtag: row.comments_etag };
  }

  async putCursor(repo: string, cursor: GithubCursor): Promise<void> {
    await this.db.query(
      `INSERT INTO github_cursors (repo, issues_since, issues_etag, comments_since, comments_etag) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (repo) DO UPDATE SET issues_since = excluded.issues_since, issues_etag = excluded.issues_etag,
         comments_since = excluded.comments_since, comments_etag = excluded.comments_etag`,
      [repo, cursor.issuesSince, cursor.issuesEtag, cursor.commentsSince, cursor.commentsEtag],
    );
  }

  async appliedLabels(repo: string): Promise<Set<string>> {
    const { rows } = await this.db.query<{ number: number; label: string }>('SELECT number, label FROM github_applied_labels WHERE repo = $1', [repo]);
    return new Set(rows.map((r) => `${r.number}:${r.label}`));
  }

  async recordAppliedLabel(repo: string, number: number, label: string, at: number): Promise<void> {
    await this.db.query('INSERT INTO github_applied_labels (repo, number, label, applied_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [repo, number, label, ms(at)]);
  }
}

/** GithubStore on DuckDB: three tables of its own, created at open. */
import type { GithubCursor, GithubIssue, GithubStore } from '../github.js';
import { EMPTY_CURSOR } from '../github.js';
import { exec, inTransaction, queryRows, type DuckDB } from './database.js';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS github_issues (
     repo VARCHAR NOT NULL,
     number INTEGER NOT NULL,
     title VARCHAR NOT NULL,
     state VARCHAR NOT NULL,
     labels VARCHAR NOT NULL,
     author VARCHAR NOT NULL,
     created_at TIMESTAMP NOT NULL,
     closed_at TIMESTAMP,
     updated_at TIMESTAMP NOT NULL,
     first_response_at TIMESTAMP,
     PRIMARY KEY (repo, number)
   )`,
  `CREATE TABLE IF NOT EXISTS github_cursors (
     repo VARCHAR PRIMARY KEY,
     issues_since VARCHAR,
     issues_etag VARCHAR,
     comments_since VARCHAR,
     comments_etag VARCHAR
   )`,
  `CREATE TABLE IF NOT EXISTS github_applied_labels (
     repo VARCHAR NOT NULL,
     number INTEGER NOT NULL,
     label VARCHAR NOT NULL,
     applied_at TIMESTAMP NOT NULL,
     PRIMARY KEY (repo, number, label)
   )`,
];

const ts = (ms: number) => ({ timestampMs: ms });
const ms = (value: unknown): number => (value instanceof Date ? value.getTime() : Number(value));
const orNull = (value: unknown): number | null => (value === null || value === undefined ? null : ms(value));
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export class DuckDBGithubStore implements GithubStore {
  private constructor(private readonly db: DuckDB) {}

  static async open(db: DuckDB): Promise<DuckDBGithubStore> {
    await db.write(async (c) => {
      for (const statement of SCHEMA) await exec(c, statement);
    });
    return new DuckDBGithubStore(db);
  }

  async putIssues(repo: string, issues: readonly Omit<GithubIssue, 'firstResponseAt'>[]): Promise<void> {
    if (issues.length === 0) return;
    await this.db.write((c) =>
      inTransaction(c, async () => {
        for (const i of issues) {
          await exec(
            c,
            `INSERT INTO github_issues VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)
             ON CONFLICT (repo, number) DO UPDATE SET title = excluded.title, state = excluded.state, labels = excluded.labels,
               author = excluded.author, created_at = excluded.created_at, closed_at = excluded.closed_at, updated_at = excluded.updated_at`,
            [repo, i.number, i.title, i.state, JSON.stringify(i.labels), i.author, ts(i.createdAt), i.closedAt === null ? null : ts(i.closedAt), ts(i.updatedAt)],
          );
        }
      }),
    );
  }

  async recordFirstResponses(repo: string, responses: readonly { number: number; at: number }[]): Promise<void> {
    if (responses.length === 0) return;
    await this.db.write((c) =>
      inTransaction(c, async () => {
        for (const r of responses) {
          await exec(
            c,
            `UPDATE github_issues SET first_response_at = CASE WHEN first_response_at IS NULL OR first_response_at > $3 THEN $3 ELSE first_response_at END
             WHERE repo = $1 AND number = $2`,
            [repo, r.number, ts(r.at)],
          );
        }
      }),
    );
  }

  async issues(repo: string): Promise<GithubIssue[]> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT * FROM github_issues WHERE repo = $1 ORDER BY number', [repo]));
    return rows.map((row) => ({
      number: Number(row.number),
      title: String(row.title),
      state: row.state === 'closed' ? 'closed' : 'open',
      labels: JSON.parse(String(row.labels)) as string[],
      author: String(row.author),
      createdAt: ms(row.created_at),
      closedAt: orNull(row.closed_at),
      updatedAt: ms(row.updated_at),
      firstResponseAt: orNull(row.first_response_at),
    }));
  }

  async cursor(repo: string): Promise<GithubCursor> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT * FROM github_cursors WHERE repo = $1', [repo]));
    const row = rows[0];
    if (!row) return EMPTY_CURSOR;
    return { issuesSince: text(row.issues_since), issuesEtag: text(row.issues_etag), commentsSince: text(row.comments_since), commentsEtag: text(row.comments_etag) };
  }

  async putCursor(repo: string, cursor: GithubCursor): Promise<void> {
    await this.db.write((c) =>
      exec(
        c,
        `INSERT INTO github_cursors VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (repo) DO UPDATE SET issues_since = excluded.issues_since, issues_etag = excluded.issues_etag,
           comments_since = excluded.comments_since, comments_etag = excluded.comments_etag`,
        [repo, cursor.issuesSince, cursor.issuesEtag, cursor.commentsSince, cursor.commentsEtag],
      ),
    );
  }

  async appliedLabels(repo: string): Promise<Set<string>> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT number, label FROM github_applied_labels WHERE repo = $1', [repo]));
    return new Set(rows.map((row) => `${Number(row.number)}:${String(row.label)}`));
  }

  async recordAppliedLabel(repo: string, number: number, label: string, at: number): Promise<void> {
    await this.db.write((c) => exec(c, 'INSERT INTO github_applied_labels VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [repo, number, label, ts(at)]));
  }
}

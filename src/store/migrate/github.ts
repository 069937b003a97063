/**
 * What the GitHub source has read, through the GithubStore port: issues (with
 * their first response, recorded after the issue as the poller does), the
 * polling cursors, and the labels launchwatch applied itself.
 */
import { num, numOrNull, parsed, sameTable, text, textOrNull, type RecordKind } from './kind.js';

export function githubIssues(): RecordKind {
  return sameTable('github_issues', {
    select: `SELECT repo, number, title, state, labels, author, epoch_ms(created_at) AS created_at, epoch_ms(closed_at) AS closed_at,
               epoch_ms(updated_at) AS updated_at, epoch_ms(first_response_at) AS first_response_at FROM github_issues`,
    key: ['repo', 'number'],
    write: async (rows, _tx, target) => {
      for (const repo of new Set(rows.map((r) => text(r.repo)))) {
        const ofRepo = rows.filter((r) => text(r.repo) === repo);
        const issues = ofRepo.map((r) => ({
          number: num(r.number),
          title: text(r.title),
          state: r.state === 'closed' ? ('closed' as const) : ('open' as const),
          labels: parsed<string[]>(r.labels),
          author: text(r.author),
          createdAt: num(r.created_at),
          closedAt: numOrNull(r.closed_at),
          updatedAt: num(r.updated_at),
        }));
        await target.state.github.putIssues(repo, issues);
        const responses = ofRepo.flatMap((r) => (r.first_response_at === null ? [] : [{ number: num(r.number), at: num(r.first_response_at) }]));
        await target.state.github.recordFirstResponses(repo, responses);
      }
    },
  });
}

export function githubCursors(): RecordKind {
  return sameTable('github_cursors', {
    select: 'SELECT repo, issues_since, issues_etag, comments_since, comments_etag FROM github_cursors',
    key: ['repo'],
    write: async (rows, _tx, target) => {
      for (const r of rows) {
        await target.state.github.putCursor(text(r.repo), {
          issuesSince: textOrNull(r.issues_since),
          issuesEtag: textOrNull(r.issues_etag),
          commentsSince: textOrNull(r.comments_since),
          commentsEtag: textOrNull(r.comments_etag),
        });
      }
    },
  });
}

export function githubAppliedLabels(): RecordKind {
  return sameTable('github_applied_labels', {
    select: 'SELECT repo, number, label, epoch_ms(applied_at) AS applied_at FROM github_applied_labels',
    key: ['repo', 'number', 'label'],
    write: async (rows, _tx, target) => {
      for (const r of rows) await target.state.github.recordAppliedLabel(text(r.repo), num(r.number), text(r.label), num(r.applied_at));
    },
  });
}

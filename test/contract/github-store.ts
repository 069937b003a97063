/**
 * The GithubStore contract: issues replaced by number keeping their first
 * response, the earliest response kept, cursors and applied labels per
 * repository, all kept across a restart.
 */
import { afterEach, expect } from 'vitest';
import type { GithubIssue, GithubStore } from '../../src/store/github.js';
import { contractSuite, type ContractOptions } from './suite.js';

export interface GithubHandle {
  readonly github: GithubStore;
  close(): Promise<void>;
}

export interface GithubStoreFactory {
  fresh(): Promise<GithubHandle & { reopen(): Promise<GithubHandle> }>;
}

const T0 = Date.parse('2026-06-10T12:00:00Z');
const H = 3_600_000;

function issue(number: number, overrides: Partial<GithubIssue> = {}): Omit<GithubIssue, 'firstResponseAt'> {
  return { number, title: `Issue ${number}`, state: 'open', labels: ['bug'], author: 'ana', createdAt: T0 - number * H, closedAt: null, updatedAt: T0, ...overrides };
}

export function githubStoreContract(name: string, factory: GithubStoreFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: github store contract`, options, (it) => {
    let open: GithubHandle[] = [];
    afterEach(async () => {
      for (const handle of open) await handle.close().catch(() => undefined);
      open = [];
    });

    it('replaces issues by number, keeps the earliest first response, and keeps repositories apart', async () => {
      const handle = await factory.fresh();
      open.push(handle);
      const { github } = handle;
      await github.putIssues('acme/a', [issue(1), issue(2)]);
      await github.putIssues('acme/b', [issue(1, { title: 'other repo' })]);
      await github.recordFirstResponses('acme/a', [{ number: 1, at: T0 - 30 * 60_000 }, { number: 9, at: T0 }]);
      await github.recordFirstResponses('acme/a', [{ number: 1, at: T0 }]);
      await github.putIssues('acme/a', [issue(1, { state: 'closed', closedAt: T0, labels: ['bug', 'P0'] })]);
      expect(await github.issues('acme/a')).toEqual([
        { ...issue(1, { state: 'closed', closedAt: T0, labels: ['bug', 'P0'] }), firstResponseAt: T0 - 30 * 60_000 },
        { ...issue(2), firstResponseAt: null },
      ]);
      expect((await github.issues('acme/b')).map((i) => i.title)).toEqual(['other repo']);
    });

    it('keeps cursors and applied labels across a restart', async () => {
      const handle = await factory.fresh();
      expect(await handle.github.cursor('acme/a')).toEqual({ issuesSince: null, issuesEtag: null, commentsSince: null, commentsEtag: null });
      const cursor = { issuesSince: '2026-06-10T11:00:00Z', issuesEtag: 'W/"abc"', commentsSince: null, commentsEtag: '"def"' };
      await handle.github.putCursor('acme/a', cursor);
      await handle.github.putCursor('acme/a', { ...cursor, commentsSince: '2026-06-10T07:00:00Z' });
      await handle.github.recordAppliedLabel('acme/a', 4, 'installation', T0);
      await handle.github.recordAppliedLabel('acme/a', 4, 'installation', T0 + 1);
      await handle.github.putIssues('acme/a', [issue(4)]);
      await handle.close();
      const again = await handle.reopen();
      open.push(again);
      expect(await again.github.cursor('acme/a')).toEqual({ ...cursor, commentsSince: '2026-06-10T07:00:00Z' });
      expect(await again.github.appliedLabels('acme/a')).toEqual(new Set(['4:installation']));
      expect(await again.github.appliedLabels('acme/b')).toEqual(new Set());
      expect((await again.github.issues('acme/a')).map((i) => i.number)).toEqual([4]);
    });
  });
}

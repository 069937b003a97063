import { describe, expect, it } from 'vitest';
import type { GithubMeasure } from '../../plan/source-types.js';
import type { GithubIssue } from '../../store/github.js';
import { githubSeries, measureGithub } from './figures.js';

const H = 3_600_000;
const NOW = Date.parse('2026-06-10T12:00:00Z');
const m = (overrides: Partial<GithubMeasure>): GithubMeasure => ({ kind: 'github', figure: 'count', labels: [], state: 'open', olderThanMs: 0, q: 0.5, ...overrides });
const issue = (number: number, overrides: Partial<GithubIssue>): GithubIssue => ({ number, title: '', state: 'open', labels: [], author: 'a', createdAt: NOW - H, closedAt: null, updatedAt: NOW, firstResponseAt: null, ...overrides });

const ISSUES = [
  issue(1, { labels: ['P0', 'bug'], createdAt: NOW - 6 * H, firstResponseAt: NOW - 5 * H }),
  issue(2, { labels: ['p0'], createdAt: NOW - H }),
  issue(3, { labels: ['bug'], state: 'closed', createdAt: NOW - 72 * H, closedAt: NOW - 24 * H, firstResponseAt: NOW - 68 * H }),
  issue(4, { createdAt: NOW + H }),
];
const WEEK = { from: NOW - 7 * 24 * H, to: NOW };

describe('github figures', () => {
  it('counts issues by state and labels (any case), now or older than an age', () => {
    expect(measureGithub(m({ labels: ['P0'] }), ISSUES, WEEK)).toEqual({ value: 2, events: 2, groups: [] });
    expect(measureGithub(m({ labels: ['P0'], olderThanMs: 4 * H }), ISSUES, WEEK).value).toBe(1);
    expect(measureGithub(m({ state: 'closed' }), ISSUES, WEEK).value).toBe(1);
    // As the repository stood at the end of the range: #3 was still open two days ago, #4 did not exist yet.
    expect(measureGithub(m({ labels: ['bug'] }), ISSUES, { from: 0, to: NOW - 48 * H }).value).toBe(1);
  });

  it('counts issues opened and closed in the window', () => {
    expect(measureGithub(m({ figure: 'opened' }), ISSUES, WEEK).value).toBe(3);
    expect(measureGithub(m({ figure: 'closed' }), ISSUES, WEEK).value).toBe(1);
  });

  it('takes quantiles of the time to first response and to close, null without any', () => {
    expect(measureGithub(m({ figure: 'time_to_first_response' }), ISSUES, WEEK)).toEqual({ value: 2.5 * H, events: 2, groups: [] });
    expect(measureGithub(m({ figure: 'time_to_first_response', q: 0.9 }), ISSUES, WEEK).value).toBeCloseTo(H + 0.9 * 3 * H);
    expect(measureGithub(m({ figure: 'time_to_close' }), ISSUES, WEEK).value).toBe(48 * H);
    expect(measureGithub(m({ figure: 'time_to_close' }), [], WEEK)).toEqual({ value: null, events: 0, groups: [] });
  });

  it('measures each bucket of a series as a range of its own', () => {
    const series = githubSeries(m({ figure: 'opened' }), ISSUES, { from: NOW - 3 * 24 * H, to: NOW }, 24 * H);
    expect(series.points.map((p) => p.value)).toEqual([1, 0, 2]);
  });
});

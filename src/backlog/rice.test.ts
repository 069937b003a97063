import { describe, expect, it } from 'vitest';
import type { MetricResult } from '../metrics/evaluate.js';
import { githubIssue } from './github.js';
import { impactWord, rank, riceScore, ship } from './rice.js';
import type { BacklogItem } from './types.js';

function item(id: string, overrides: Partial<BacklogItem> = {}): BacklogItem {
  return {
    id, title: `item ${id}`, metric: 'command_success_rate', reach: 1000, impact: 1, confidence: 0.8, effort: 2, expectedChange: null, notes: null,
    status: 'open', release: null, createdAt: 0, shippedAt: null, ...overrides,
  };
}

describe('RICE', () => {
  it('is Reach × Impact × Confidence / Effort (Intercom\'s example: 150 × 1 × 80% / 1 = 120)', () => {
    expect(riceScore({ reach: 150, impact: 1, confidence: 0.8, effort: 1 })).toBeCloseTo(120, 12);
    expect(riceScore({ reach: 2000, impact: 2, confidence: 0.5, effort: 4 })).toBe(500);
    expect(impactWord(0.25)).toBe('minimal');
    expect(impactWord(3)).toBe('massive');
  });

  it('ranks open items by score, earlier first on a tie, shipped ones after, by ship time', () => {
    const ranked = rank([
      item('BL-1', { reach: 100 }),
      item('BL-2', { reach: 500 }),
      item('BL-3', { status: 'shipped', release: '1.1.0', shippedAt: 20 }),
      item('BL-4', { reach: 100 }),
      item('BL-5', { status: 'shipped', release: '1.0.0', shippedAt: 10 }),
    ]);
    expect(ranked.map((r) => [r.item.id, r.rank, r.score])).toEqual([
      ['BL-2', 1, 200],
      ['BL-1', 2, 40],
      ['BL-4', 3, 40],
      ['BL-5', null, 400],
      ['BL-3', null, 400],
    ]);
  });

  it('ships an open item once', () => {
    const shipped = ship(item('BL-1'), '1.1.0', 99);
    expect(shipped).toEqual({ kind: 'changed', item: item('BL-1', { status: 'shipped', release: '1.1.0', shippedAt: 99 }) });
    if (shipped.kind !== 'changed') return;
    expect(ship(shipped.item, '1.2.0', 100)).toEqual({ kind: 'rejected', reason: 'already_shipped', message: 'BL-1 shipped with 1.1.0 already' });
  });
});

describe('githubIssue', () => {
  const result: MetricResult = {
    id: 'command_success_rate', title: 'Command success rate', kind: 'ratio', unit: 'percent', window: '24h', value: 0.812, status: 'yellow', reason: 'meets_yellow',
    events: 1200, target: { green: '>= 86%', yellow: '>= 80%' },
    groups: [
      { group: { backend: 'embedded' }, value: 0.7, status: 'red', events: 200, target: { green: '>= 86%' } },
      { group: { backend: 'static' }, value: 0.9, status: 'green', events: 1000, target: { green: '>= 86%' } },
    ],
  };

  it('gives the title, a body with the evidence and the RICE breakdown, and labels', () => {
    const ranked = rank([item('BL-7', { title: 'Retry embedded backend timeouts', notes: 'Timeouts are 60% of embedded failures (see INC-4).', expectedChange: 0.05, impact: 2 })])[0];
    if (!ranked) throw new Error('no item');
    const issue = githubIssue(ranked, 3, result, 'caro');
    expect(issue.title).toBe('Retry embedded backend timeouts');
    expect(issue.labels).toEqual(['optimization', 'metric:command_success_rate']);
    expect(issue.body).toBe(
      [
        '## Why',
        '',
        'Timeouts are 60% of embedded failures (see INC-4).',
        '',
        '## Evidence',
        '',
        '- Metric **Command success rate** (`command_success_rate`): 81.2% over the last 24h against the target >= 86%, status **yellow**, 1200 events.',
        '  - backend=embedded: 70.0% against >= 86%, red',
        '- Expected change of `command_success_rate`: +5%.',
        '',
        '## Priority (RICE)',
        '',
        '| Reach | Impact | Confidence | Effort | RICE score |',
        '| --- | --- | --- | --- | --- |',
        '| 1000 | 2 (high) | 80% | 2 | 800 |',
        '',
        'RICE = Reach × Impact × Confidence / Effort. Ranked 1 of 3 open items in the caro optimisation backlog (BL-7).',
        '',
        'When it ships: `launchwatch backlog ship BL-7 --release <version>`, then `launchwatch impact <version>` measures the change 48 hours on.',
        '',
      ].join('\n'),
    );
  });

  it('says when the metric was not evaluated', () => {
    const ranked = rank([item('BL-1')])[0];
    if (!ranked) throw new Error('no item');
    expect(githubIssue(ranked, 1, undefined, 'x').body).toContain('- Metric `command_success_rate`: not evaluated.');
  });
});

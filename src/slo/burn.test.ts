import { describe, expect, it } from 'vitest';
import { budgetStatus, burnRate, burnSeverity, errorBudget, pairBurns, sliOf } from './burn.js';

const H = 3_600_000;
const M = 60_000;
const PAGE = [
  { longMs: H, shortMs: 5 * M, factor: 14.4 },
  { longMs: 6 * H, shortMs: 30 * M, factor: 6 },
];

describe('the SLO arithmetic', () => {
  it('works the example of docs/slos.md: 99.5 % over 30 d, 100 000 events of which 99 700 good', () => {
    const window = { good: 99_700, total: 100_000 };
    expect(sliOf(window)).toBe(0.997);
    // The objective allows 0.5 % of 100 000 = 500 bad events; 300 happened; 1 − 300/500 = 40 % remains.
    expect(errorBudget(window, 0.995)).toEqual({ total: 500, consumed: 300, remaining: 0.4 });
    expect(budgetStatus(0.4)).toBe('green');
    // Over the last hour 20 of 1 000 were bad: 2 % errors against the 0.5 % allowed, a burn rate of 4.
    expect(burnRate({ good: 980, total: 1_000 }, 0.995)).toBe(4);
  });

  it('gives a burn rate of 1 when errors come exactly at the rate the objective allows, 0 without errors', () => {
    expect(burnRate({ good: 995, total: 1_000 }, 0.995)).toBe(1);
    expect(burnRate({ good: 1_000, total: 1_000 }, 0.995)).toBe(0);
    expect(burnRate({ good: 0, total: 10 }, 0.9)).toBe(10);
  });

  it('has no SLI, burn rate or remaining budget over a window without events: status unknown', () => {
    const none = { good: 0, total: 0 };
    expect(sliOf(none)).toBeNull();
    expect(burnRate(none, 0.995)).toBeNull();
    expect(errorBudget(none, 0.995)).toEqual({ total: 0, consumed: 0, remaining: null });
    expect(budgetStatus(null)).toBe('unknown');
  });

  it('reports an exhausted budget as negative remaining and red; yellow while some but at most 25 % remains', () => {
    // 1 000 events at 99.5 %: 5 bad allowed. 10 bad: twice the budget, −100 % remaining.
    expect(errorBudget({ good: 990, total: 1_000 }, 0.995)).toEqual({ total: 5, consumed: 10, remaining: -1 });
    expect(budgetStatus(-1)).toBe('red');
    expect(budgetStatus(0)).toBe('red');
    expect(errorBudget({ good: 996, total: 1_000 }, 0.995).remaining).toBe(0.2);
    expect(budgetStatus(0.2)).toBe('yellow');
    expect(budgetStatus(0.25)).toBe('yellow');
    expect(budgetStatus(0.2500001)).toBe('green');
  });

  it('says a pair burns only when both of its windows burn faster than its factor', () => {
    // 1 h: 800 bad of 10 000 (8 %, burn 16); 5 m: 100 bad of 1 000 (10 %, burn 20); 6 h and 30 m calmer.
    const burns: Record<number, number | null> = { [H]: 16, [5 * M]: 20, [6 * H]: 3, [30 * M]: 7 };
    const over = (ms: number): number | null => burns[ms] ?? null;
    expect(PAGE.map((p) => pairBurns(p, over))).toEqual([true, false]);
    // The worst pair: min(16, 20) / 14.4 = 1.111…; the other min(3, 7) / 6 = 0.5.
    expect(burnSeverity(PAGE, over)).toBe(1.11111111111);
    // The short window has recovered: the long one alone does not page.
    const recovered: Record<number, number | null> = { [H]: 16, [5 * M]: 2, [6 * H]: 3, [30 * M]: 7 };
    expect(burnSeverity(PAGE, (ms) => recovered[ms] ?? null)).toBe(0.5);
  });

  it('has no burn severity while no pair has events in both windows', () => {
    expect(burnSeverity(PAGE, () => null)).toBeNull();
    expect(burnSeverity(PAGE, (ms) => (ms === H ? 20 : null))).toBeNull();
  });
});

/**
 * Two-sample tests for before/after comparisons. Pure: numbers in, a
 * statistic and its two-sided p-value out.
 *
 * - Two-proportion z-test (pooled), for rates: successes out of trials.
 * - Mann-Whitney U (Wilcoxon rank-sum), normal approximation with the tie
 *   correction and a continuity correction of 0.5, for latencies and other
 *   values whose distribution is not assumed; as scipy.stats.mannwhitneyu
 *   with method="asymptotic", use_continuity=True.
 */
import { twoSidedP } from './normal.js';

export interface ProportionTest {
  readonly kind: 'two_proportion_z';
  /** Positive when the second proportion is the larger. */
  readonly z: number;
  readonly p: number;
  readonly p1: number;
  readonly p2: number;
}

/** x1 successes of n1 against x2 of n2. Both n must be positive and 0 ≤ x ≤ n. */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): ProportionTest {
  if (!(n1 > 0 && n2 > 0) || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) throw new RangeError('twoProportionZ needs n > 0 and 0 <= x <= n');
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  // Every trial succeeded (or none did) in both samples: nothing differs.
  if (se === 0) return { kind: 'two_proportion_z', z: 0, p: 1, p1, p2 };
  const z = (p2 - p1) / se;
  return { kind: 'two_proportion_z', z, p: twoSidedP(z), p1, p2 };
}

export interface RankTest {
  readonly kind: 'mann_whitney_u';
  /** U of the first sample: the number of pairs (a, b) with a > b, ties counting one half. */
  readonly u: number;
  /** Positive when the second sample tends to be the larger. */
  readonly z: number;
  readonly p: number;
  readonly n1: number;
  readonly n2: number;
}

/** Mann-Whitney U between samples a and b (each non-empty). */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): RankTest {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitneyU needs two non-empty samples');
  const all = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))].sort((x, y) => x.v - y.v);
  const n = all.length;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]?.v === all[i]?.v) j++;
    const rank = (i + j + 2) / 2; // ranks are 1-based; ties share their mean rank
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    for (let k = i; k <= j; k++) if (all[k]?.first) rankSumA += rank;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { kind: 'mann_whitney_u', u, z: 0, p: 1, n1, n2 };
  const distance = Math.max(0, Math.abs(u - mean) - 0.5);
  // u above its mean: the first sample tends to be larger, so the second is smaller: z < 0.
  const z = (Math.sign(mean - u) * distance) / Math.sqrt(variance);
  return { kind: 'mann_whitney_u', u, z, p: twoSidedP(z), n1, n2 };
}

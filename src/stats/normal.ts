/**
 * The standard normal distribution. Pure.
 *
 * `normalCdf` is Hart's double-precision algorithm 5666 as given by Graeme West,
 * "Better approximations to cumulative normal functions" (Wilmott, 2005):
 * absolute error below 1e-14 over the whole line, and a relative error below
 * 1e-8 in the far lower tail (Φ(-8) ≈ 6.2e-16 is computed, not rounded to 0),
 * which is more than a p-value needs.
 */

const SPLIT = 7.07106781186547;
const SQRT_2PI = 2.506628274631;

/** Φ(x) = P(Z ≤ x) for Z standard normal. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let tail: number;
  if (a > 37) tail = 0;
  else {
    const e = Math.exp((-a * a) / 2);
    if (a < SPLIT) {
      let num = 3.52624965998911e-2 * a + 0.700383064443688;
      num = num * a + 6.37396220353165;
      num = num * a + 33.912866078383;
      num = num * a + 112.079291497871;
      num = num * a + 221.213596169931;
      num = num * a + 220.206867912376;
      let den = 8.83883476483184e-2 * a + 1.75566716318264;
      den = den * a + 16.064177579207;
      den = den * a + 86.7807322029461;
      den = den * a + 296.564248779674;
      den = den * a + 637.333633378831;
      den = den * a + 793.826512519948;
      den = den * a + 440.413735824752;
      tail = (e * num) / den;
    } else {
      let b = a + 0.65;
      b = a + 4 / b;
      b = a + 3 / b;
      b = a + 2 / b;
      b = a + 1 / b;
      tail = e / b / SQRT_2PI;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/** The two-sided p-value of a z statistic: P(|Z| ≥ |z|), from the lower tail so that small values stay accurate. */
export function twoSidedP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

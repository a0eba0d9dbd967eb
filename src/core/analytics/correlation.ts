// Correlation of daily returns: Pearson, Spearman, rolling windows and lead/lag cross-correlation.

/** Pearson's r, or null when there are fewer than 3 pairs or a series does not vary. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = Math.min(x.length, y.length);
  if (n < 3) return null;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] as number;
    sy += y[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Ranks starting at 1; tied values share the mean of their ranks. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (
      j + 1 < order.length &&
      (order[j + 1] as { value: number }).value === (order[i] as { value: number }).value
    )
      j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[(order[k] as { index: number }).index] = rank;
    i = j + 1;
  }
  return ranks;
}

export function spearman(x: readonly number[], y: readonly number[]): number | null {
  const n = Math.min(x.length, y.length);
  return pearson(averageRanks(x.slice(0, n)), averageRanks(y.slice(0, n)));
}

export interface WindowCorrelation {
  readonly pearson: number | null;
  readonly spearman: number | null;
  /** Number of return pairs actually used (less than the window when history is short). */
  readonly n: number;
}

/** Correlation over the last `window` pairs. */
export function trailingCorrelation(
  x: readonly number[],
  y: readonly number[],
  window: number,
): WindowCorrelation {
  const n = Math.min(x.length, y.length, window);
  const xs = x.slice(x.length - n);
  const ys = y.slice(y.length - n);
  return { pearson: pearson(xs, ys), spearman: spearman(xs, ys), n };
}

/** out[i] is Pearson's r of the `window` pairs ending at i, or null before a full window exists. */
export function rollingPearson(
  x: readonly number[],
  y: readonly number[],
  window: number,
): Array<number | null> {
  const n = Math.min(x.length, y.length);
  const out: Array<number | null> = [];
  for (let i = 0; i < n; i++) {
    out.push(i + 1 < window ? null : pearson(x.slice(i + 1 - window, i + 1), y.slice(i + 1 - window, i + 1)));
  }
  return out;
}

/** Horner evaluation of c[0]·x^(k-1) + … + c[k-1]. */
function polynomial(coefficients: readonly number[], x: number): number {
  return coefficients.reduce((acc, c) => acc * x + c, 0);
}

const ACKLAM_A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const ACKLAM_B = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572, 1,
];
const ACKLAM_C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const ACKLAM_D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416, 1];

/** The standard normal quantile (inverse CDF), by Acklam's rational approximation (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const tail = 0.02425;
  if (p < tail || p > 1 - tail) {
    const q = Math.sqrt(-2 * Math.log(Math.min(p, 1 - p)));
    const x = polynomial(ACKLAM_C, q) / polynomial(ACKLAM_D, q);
    return p < tail ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (polynomial(ACKLAM_A, r) * q) / polynomial(ACKLAM_B, r);
}

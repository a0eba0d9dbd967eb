// Correlation of daily returns: Pearson, Spearman, rolling windows and lead/lag cross-correlation.

/** Pearson's r, or null when there are fewer than 3 pairs or a series does not vary. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  return pearsonOf(x, y, 0, Math.min(x.length, y.length));
}

/** Pearson's r of the pairs from index `start` up to (not including) `end`: no copies of the window. */
function pearsonOf(x: readonly number[], y: readonly number[], start: number, end: number): number | null {
  const n = end - start;
  if (n < 3) return null;
  let sx = 0;
  let sy = 0;
  for (let i = start; i < end; i++) {
    sx += x[i] as number;
    sy += y[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = start; i < end; i++) {
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

/**
 * out[i] is Pearson's r of the `window` pairs ending at i, or null before a full window exists. From `start`
 * on (a chart's first date): the entries before it are null, not computed.
 */
export function rollingPearson(
  x: readonly number[],
  y: readonly number[],
  window: number,
  start = 0,
): Array<number | null> {
  const n = Math.min(x.length, y.length);
  const out = new Array<number | null>(n).fill(null);
  const first = Math.max(start, window - 1);
  if (window < 3) {
    for (let i = first; i < n; i++) out[i] = pearsonOf(x, y, i + 1 - window, i + 1);
    return out;
  }
  // Sliding sums of the window, centred on its first values (to keep the squares' cancellation small) and made
  // again exactly every RESUM_EVERY steps; a window whose spread is within rounding of zero is done by two passes.
  const sums = new SlidingSums(x, y, window);
  for (let i = first; i < n; i++) {
    if ((i - first) % RESUM_EVERY === 0) sums.reset(i);
    else sums.slide(i);
    out[i] = sums.degenerate() ? pearsonOf(x, y, i + 1 - window, i + 1) : sums.r();
  }
  return out;
}

const RESUM_EVERY = 64;

/** Σx, Σy, Σxy, Σx², Σy² of the `window` pairs ending at an index, of the values less a shift. */
class SlidingSums {
  private sx = 0;
  private sy = 0;
  private sxy = 0;
  private sxx = 0;
  private syy = 0;
  private cx = 0;
  private cy = 0;

  constructor(
    private readonly x: readonly number[],
    private readonly y: readonly number[],
    private readonly window: number,
  ) {}

  reset(end: number): void {
    const from = end + 1 - this.window;
    this.cx = this.x[from] as number;
    this.cy = this.y[from] as number;
    this.sx = this.sy = this.sxy = this.sxx = this.syy = 0;
    for (let i = from; i <= end; i++) this.add(i, 1);
  }

  slide(end: number): void {
    this.add(end, 1);
    this.add(end - this.window, -1);
  }

  private add(i: number, sign: 1 | -1): void {
    const dx = (this.x[i] as number) - this.cx;
    const dy = (this.y[i] as number) - this.cy;
    this.sx += sign * dx;
    this.sy += sign * dy;
    this.sxy += sign * dx * dy;
    this.sxx += sign * dx * dx;
    this.syy += sign * dy * dy;
  }

  private spreads(): [number, number, number] {
    const n = this.window;
    return [
      this.sxx - (this.sx * this.sx) / n,
      this.syy - (this.sy * this.sy) / n,
      this.sxy - (this.sx * this.sy) / n,
    ];
  }

  degenerate(): boolean {
    const [vx, vy] = this.spreads();
    return !(vx > 1e-9 * this.sxx) || !(vy > 1e-9 * this.syy);
  }

  r(): number {
    const [vx, vy, cov] = this.spreads();
    return Math.max(-1, Math.min(1, cov / Math.sqrt(vx * vy)));
  }
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

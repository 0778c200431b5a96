/** Medians and paired ratios: every comparison is between figures measured in the same round. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median over rounds of `a[i] / b[i]`: each round's ratio uses figures taken minutes apart at most. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  const ratios = a.map((value, i) => value / b[i]!).filter((ratio) => Number.isFinite(ratio));
  return median(ratios);
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The `q` quantile (0 to 1) of `values`, interpolated linearly between the two nearest. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** Per-round ratios: their median, and their interquartile range as the spread. */
export interface RatioSpread {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
}

/** `a[i] / b[i]` over the rounds: the median and the interquartile range, to `digits` places. */
export function pairedRatioSpread(a: readonly number[], b: readonly number[], digits = 3): RatioSpread {
  const ratios = a.map((value, i) => value / b[i]!).filter((ratio) => Number.isFinite(ratio));
  return {
    median: round(median(ratios), digits),
    q1: round(quantile(ratios, 0.25), digits),
    q3: round(quantile(ratios, 0.75), digits),
  };
}

/**
 * The band around 1× that the run's noise spans: as far from 1× (either way, as a factor) as
 * the quartiles of a comparison of one thing with itself reach. A ratio inside it differs no
 * more than two runs of the same build did.
 */
export function noiseBand(noise: RatioSpread): { readonly low: number; readonly high: number } {
  const reach = Math.max(Math.abs(Math.log(noise.q1)), Math.abs(Math.log(noise.q3)));
  return { low: Math.exp(-reach), high: Math.exp(reach) };
}

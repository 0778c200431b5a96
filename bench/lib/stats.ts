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

/**
 * How much work the load and fault suites do. `npm test` runs them at scale 1, small enough for
 * the whole run to stay short on two cores; `SUITE_SCALE=10` multiplies their counts (notes
 * per user, fault cycles) for a longer soak on the same code.
 */

/** The variable that multiplies the suites' counts. */
export const SUITE_SCALE_VARIABLE = 'SUITE_SCALE';

/**
 * Reads `SUITE_SCALE`: a positive number, 1 when unset or blank.
 *
 * @example
 * const notesPerUser = Math.round(40 * suiteScale());
 */
export function suiteScale(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env[SUITE_SCALE_VARIABLE]?.trim();
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(
      `${SUITE_SCALE_VARIABLE} must be a positive number (1 is the default, 10 a ten times longer soak), got ${JSON.stringify(raw)}`,
    );
  }
  return scale;
}

/** `count` times the scale, rounded, at least 1. */
export function scaled(count: number, scale: number = suiteScale()): number {
  return Math.max(1, Math.round(count * scale));
}

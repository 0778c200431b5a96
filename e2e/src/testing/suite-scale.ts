/**
 * How much work the load and fault suites do. `npm test` runs them at scale 1, small enough for
 * the whole run to stay short on two cores; `SUITE_SCALE=10` multiplies their counts (notes
 * per user, fault cycles) for a longer soak on the same code.
 */
import { numberSetting } from '@secure-notes/testing';

/** The variable that multiplies the suites' counts. */
export const SUITE_SCALE_VARIABLE = 'SUITE_SCALE';

/**
 * Reads `SUITE_SCALE`: a positive number, 1 when unset or blank.
 *
 * @example
 * const notesPerUser = Math.round(40 * suiteScale());
 */
export function suiteScale(env: Readonly<Record<string, string | undefined>> = process.env): number {
  return numberSetting(SUITE_SCALE_VARIABLE, {
    fallback: 1,
    accepts: (scale) => Number.isFinite(scale) && scale > 0,
    expects: 'a positive number (1 is the default, 10 a ten times longer soak)',
    env,
  });
}

/** `count` times the scale, rounded, at least 1. */
export function scaled(count: number, scale: number = suiteScale()): number {
  return Math.max(1, Math.round(count * scale));
}

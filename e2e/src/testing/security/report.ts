/**
 * How much work the security suites do, and how they say what they did. `npm test` runs them
 * at scale 1, sized for the whole run to stay short on two cores; `SUITE_SCALE=10` multiplies
 * every count (operations, generated cases) for a longer soak of the same code, as it does for
 * the load and fault suites (`suite-scale.ts`). Each suite prints its counts as `console.info`
 * lines that start with `[security/<suite>]`: cases tried, refused as the contract says, lost (a
 * case that got through or got an answer the contract does not give: always 0 in a passing
 * run), and how long it took. Time is reported, never asserted.
 */

import { suiteScale } from '../suite-scale.js';

export { scaled } from '../suite-scale.js';

/** A test's time limit that grows with the scale (the e2e project's default is for scale 1). */
export function scaledTimeout(milliseconds: number, scale: number = suiteScale()): number {
  return Math.round(milliseconds * Math.max(1, scale));
}

/**
 * Prints one line of counts.
 *
 * @example
 * report('tokens', 'express × dynalite', { tried: 174, refused: 174, lost: 0, storageCalls: 0 }, started);
 */
export function report(
  suite: string,
  subject: string,
  counts: Readonly<Record<string, number | string>>,
  startedAt?: number,
): void {
  const fields = Object.entries(counts).map(([name, value]) => `${name}=${value}`);
  if (startedAt !== undefined) fields.push(`took=${((performance.now() - startedAt) / 1000).toFixed(1)}s`);
  console.info(`[security/${suite}] ${subject}: ${fields.join(' ')}`);
}

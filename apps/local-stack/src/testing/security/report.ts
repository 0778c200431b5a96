/**
 * How much work the security suites do, and how they say what they did. `npm test` runs them
 * at scale 1, sized for the whole run to stay short on two cores; `SUITE_SCALE=10` multiplies
 * every count (operations, generated cases) for a longer soak of the same code. Each suite
 * prints its counts as `console.info` lines that start with `[security/<suite>]`: cases tried,
 * refused as the contract says, lost (a case that got through or got an answer the contract
 * does not give: always 0 in a passing run), and how long it took. Time is reported, never asserted.
 */

/** The variable that multiplies the suites' counts (shared with the other suites of `npm test`). */
export const SUITE_SCALE_VARIABLE = 'SUITE_SCALE';

/**
 * `SUITE_SCALE`: a positive number, 1 when unset or blank.
 *
 * @example
 * const operations = scaled(2_000); // 20,000 with SUITE_SCALE=10
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

import { CognitoTokenVerifier } from '@secure-notes/adapters-aws';
import { pino } from 'pino';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SIGNING_KEYS_BACKOFF, loadSigningKeys, retryDelayMs } from './signing-keys.js';

const JWKS_URI = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xyz/.well-known/jwks.json';

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

function capturingLogger() {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

const REFUSED = `JWKS download from ${JWKS_URI} failed: fetch failed (connect ECONNREFUSED 10.0.0.1:443)`;

/** What `CognitoTokenVerifier.hydrate` rejects with when the JWKS refuses connections. */
let refusal: Error;

beforeAll(async () => {
  // With real timers: the verifier's penalty box starts a timer of its own.
  refusal = await refused();
});

/** A real pool's verifier whose JWKS downloads are refused (both issuer spellings'). */
async function refused(): Promise<Error> {
  const cause = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
  const verifier = new CognitoTokenVerifier({
    userPoolId: 'us-east-1_AbC123xyz',
    clientIds: ['1example23456789'],
    fetch: async () => Promise.reject(new TypeError('fetch failed', { cause })),
  });
  return verifier.hydrate().then(
    () => expect.unreachable('the download was refused'),
    (error: unknown) => error as Error,
  );
}

/** Lets the promise callbacks queued by a settled attempt run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

describe('retryDelayMs', () => {
  it('doubles from 1 s up to 30 s', () => {
    // act
    const delays = [1, 2, 3, 4, 5, 6, 7, 50, 5000].map((failures) =>
      retryDelayMs(failures, DEFAULT_SIGNING_KEYS_BACKOFF, 0),
    );

    // assert
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('shortens each wait by up to a quarter at random, never past the cap', () => {
    // act
    const shortest = [1, 6].map((failures) => retryDelayMs(failures, DEFAULT_SIGNING_KEYS_BACKOFF, 0.999_999));

    // assert
    expect(shortest).toEqual([750, 22_500]);
  });
});

describe('loadSigningKeys', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('is loaded after a first attempt that succeeds, and says so once', async () => {
    // prepare
    const { logger, lines } = capturingLogger();
    const load = vi.fn(async () => {});

    // act
    const keys = loadSigningKeys({ load, jwksUri: JWKS_URI, logger, random: () => 0 });
    await keys.firstAttempt;
    await vi.advanceTimersByTimeAsync(120_000);

    // assert
    expect(keys.loaded()).toBe(true);
    expect(load).toHaveBeenCalledTimes(1);
    expect(lines.map((line) => line.msg)).toEqual(['signing keys loaded, ready']);
    expect(lines[0]).toMatchObject({ level: 30, jwksUri: JWKS_URI, attempts: 1 });
  });

  it('logs each failed attempt with the JWKS URI, the cause and the next wait, and retries with backoff until loaded', async () => {
    // prepare
    const { logger, lines } = capturingLogger();
    const failure = refusal;
    const load = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(failure)
      .mockRejectedValueOnce(failure)
      .mockRejectedValueOnce(failure)
      .mockResolvedValueOnce(undefined);

    // act
    const keys = loadSigningKeys({ load, jwksUri: JWKS_URI, logger, random: () => 0 });
    await keys.firstAttempt;
    const afterFirst = { loaded: keys.loaded(), attempts: load.mock.calls.length };
    await vi.advanceTimersByTimeAsync(999);
    const justBeforeRetry = load.mock.calls.length;
    await vi.advanceTimersByTimeAsync(1); // 1 s after the first failure
    await vi.advanceTimersByTimeAsync(2_000); // 2 s after the second
    await vi.advanceTimersByTimeAsync(4_000); // 4 s after the third: loads
    await vi.advanceTimersByTimeAsync(120_000);

    // assert
    expect(afterFirst).toEqual({ loaded: false, attempts: 1 });
    expect(justBeforeRetry).toBe(1);
    expect(load).toHaveBeenCalledTimes(4);
    expect(keys.loaded()).toBe(true);
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [50, `the signing keys at ${JWKS_URI} could not be loaded: ${REFUSED}; retrying in 1 s`],
      [50, expect.stringMatching(/ECONNREFUSED .*; retrying in 2 s$/)],
      [50, expect.stringMatching(/ECONNREFUSED .*; retrying in 4 s$/)],
      [30, 'signing keys loaded, ready'],
    ]);
    expect(lines[1]).toMatchObject({ jwksUri: JWKS_URI, attempt: 2, retryInMs: 2_000 });
    expect(lines[3]).toMatchObject({ attempts: 4 });
  });

  it('describes a failure that is not the verifier’s own error by its message', async () => {
    // prepare
    const { logger, lines } = capturingLogger();

    // act
    const keys = loadSigningKeys({
      load: async () => Promise.reject(new Error('boom')),
      jwksUri: JWKS_URI,
      logger,
      random: () => 0.5,
    });
    await keys.firstAttempt;
    keys.stop();

    // assert
    expect(lines.map((line) => line.msg)).toEqual([
      `the signing keys at ${JWKS_URI} could not be loaded: boom; retrying in 0.9 s`,
    ]);
  });

  it('stops retrying when stopped, and ignores an attempt that ends after it', async () => {
    // prepare
    const { logger, lines } = capturingLogger();
    let release: (() => void) | undefined;
    const load = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(refusal)
      .mockImplementationOnce(() => new Promise<void>((resolve) => (release = resolve)));

    // act
    const keys = loadSigningKeys({ load, jwksUri: JWKS_URI, logger, random: () => 0 });
    await keys.firstAttempt;
    await vi.advanceTimersByTimeAsync(1_000); // the second attempt starts and hangs
    keys.stop();
    release?.();
    await settle();
    await vi.advanceTimersByTimeAsync(120_000);

    // assert
    expect(load).toHaveBeenCalledTimes(2);
    expect(keys.loaded()).toBe(false);
    expect(lines).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer behind when stopped between attempts', async () => {
    // prepare
    const { logger } = capturingLogger();
    const load = vi.fn<() => Promise<void>>().mockRejectedValue(refusal);

    // act
    const keys = loadSigningKeys({ load, jwksUri: JWKS_URI, logger, random: () => 0 });
    await keys.firstAttempt;
    const timersWhileWaiting = vi.getTimerCount();
    keys.stop();
    await vi.advanceTimersByTimeAsync(120_000);

    // assert
    expect(timersWhileWaiting).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

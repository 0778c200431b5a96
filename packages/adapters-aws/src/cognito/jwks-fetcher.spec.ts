import { describe, expect, it, vi } from 'vitest';
import { createJwksFetcher } from './jwks-fetcher.js';

const URI = 'http://127.0.0.1:9229/us-east-1_Local123/.well-known/jwks.json';

function fetcherWith(fetch: typeof globalThis.fetch, timeoutMs = 1_000) {
  const penaltyBox = { registerFailedAttempt: vi.fn() };
  return { fetcher: createJwksFetcher({ timeoutMs, fetch, penaltyBox }), penaltyBox };
}

/** What undici's `fetch` rejects with when the transport fails: `fetch failed`, the reason in `cause`. */
function fetchFailed(cause: Error): TypeError {
  return new TypeError('fetch failed', { cause });
}

function systemError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

async function failureOf(fetch: typeof globalThis.fetch, timeoutMs?: number): Promise<Error> {
  const { fetcher, penaltyBox } = fetcherWith(fetch, timeoutMs);
  const error = await fetcher.fetch(URI).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  expect(penaltyBox.registerFailedAttempt).toHaveBeenCalledWith(URI, '');
  return error as Error;
}

describe('the JWKS download failure message', () => {
  it('names a refused connection (ECONNREFUSED), and does not call it a timeout', async () => {
    // prepare
    const cause = systemError('connect ECONNREFUSED 127.0.0.1:9229', 'ECONNREFUSED');

    // act
    const error = await failureOf(vi.fn(async () => Promise.reject(fetchFailed(cause))));

    // assert
    expect(error.message).toBe(`JWKS download from ${URI} failed: fetch failed (connect ECONNREFUSED 127.0.0.1:9229)`);
    expect(error.message).not.toMatch(/timeout|timed out/i);
    expect((error.cause as Error).cause).toBe(cause);
  });

  it('adds the code when the cause does not say it (a dropped connection)', async () => {
    // act
    const error = await failureOf(
      vi.fn(async () => Promise.reject(fetchFailed(systemError('other side closed', 'UND_ERR_SOCKET')))),
    );

    // assert
    expect(error.message).toBe(`JWKS download from ${URI} failed: fetch failed (UND_ERR_SOCKET: other side closed)`);
  });

  it('names every address tried when a name resolves to several (an AggregateError without a message)', async () => {
    // prepare
    const both = Object.assign(
      new AggregateError([
        systemError('connect ECONNREFUSED ::1:9229', 'ECONNREFUSED'),
        systemError('connect ECONNREFUSED 127.0.0.1:9229', 'ECONNREFUSED'),
      ]),
      { code: 'ECONNREFUSED' },
    );

    // act
    const error = await failureOf(vi.fn(async () => Promise.reject(fetchFailed(both))));

    // assert
    expect(error.message).toBe(
      `JWKS download from ${URI} failed: fetch failed (connect ECONNREFUSED ::1:9229; connect ECONNREFUSED 127.0.0.1:9229)`,
    );
  });

  it('says "timed out" when the time limit ended the download', async () => {
    // prepare
    const hanging = vi.fn<typeof globalThis.fetch>(
      (_uri, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    );

    // act
    const error = await failureOf(hanging, 20);

    // assert
    expect(error.message).toBe(`JWKS download from ${URI} timed out after 20 ms`);
  });

  it('says "timed out" when the time limit ends the body, not only the headers', async () => {
    // prepare: the headers come at once, the body never does
    const slowBody = vi.fn<typeof globalThis.fetch>(async (_uri, init) => {
      const body = new ReadableStream({
        start(controller) {
          init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
        },
      });
      return new Response(body, { status: 200 });
    });

    // act
    const error = await failureOf(slowBody, 20);

    // assert
    expect(error.message).toBe(`JWKS download from ${URI} timed out after 20 ms`);
  });

  it('describes a failure that is not an Error', async () => {
    // act
    const error = await failureOf(vi.fn(async () => Promise.reject('nope')));

    // assert
    expect(error.message).toBe(`JWKS download from ${URI} failed: nope`);
  });
});

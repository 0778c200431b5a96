/**
 * The JWKS download used by `CognitoTokenVerifier`, on the platform's `fetch`.
 *
 * aws-jwt-verify's own fetcher speaks `https://` only, so a local issuer on
 * `http://localhost` needs another one; using one fetcher for both modes also gives one
 * timeout setting and one place to inject a fake `fetch` in tests. It refuses redirects (a
 * redirect could move the keys to another origin), non-200 answers and bodies over 256 KiB (a
 * Cognito JWKS is about 1 KiB), and it reports every failure to the penalty box: the
 * library's `SimpleJwksCache` only backs off after a JWKS that lacks the token's `kid`, not
 * after a failed download, so without this every token with an unknown `kid` would trigger
 * another request while the issuer is down.
 */
import type { Fetcher } from 'aws-jwt-verify/https';
import type { PenaltyBox } from 'aws-jwt-verify/jwk';

/** Larger JWKS documents are refused. */
export const MAX_JWKS_BYTES = 256 * 1024;

export interface JwksFetcherOptions {
  readonly timeoutMs: number;
  readonly fetch: typeof globalThis.fetch;
  /** Told about each failed download, so that the next one waits. */
  readonly penaltyBox: Pick<PenaltyBox, 'registerFailedAttempt'>;
}

/** Makes the aws-jwt-verify `Fetcher` that downloads a JWKS with a timeout and a size limit. */
export function createJwksFetcher(options: JwksFetcherOptions): Fetcher {
  return {
    async fetch(uri: string): Promise<ArrayBuffer> {
      try {
        return await download(uri, options);
      } catch (error) {
        options.penaltyBox.registerFailedAttempt(uri, '');
        throw error;
      }
    },
  };
}

async function download(uri: string, { timeoutMs, fetch }: JwksFetcherOptions): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(uri, {
      method: 'GET',
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new Error(`JWKS download from ${uri} failed (timeout ${timeoutMs} ms): ${describe(error)}`, {
      cause: error,
    });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`JWKS download from ${uri} answered HTTP ${response.status}; expected 200`);
  }
  const declaredLength = Number(response.headers.get('content-length') ?? 0);
  if (declaredLength > MAX_JWKS_BYTES) {
    await response.body?.cancel();
    throw new Error(`JWKS at ${uri} is ${declaredLength} bytes; at most ${MAX_JWKS_BYTES} are accepted`);
  }
  const body = await response.arrayBuffer();
  if (body.byteLength > MAX_JWKS_BYTES) {
    throw new Error(`JWKS at ${uri} is ${body.byteLength} bytes; at most ${MAX_JWKS_BYTES} are accepted`);
  }
  return body;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

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
 * another request while the issuer is down. A failed download names its cause (`connect
 * ECONNREFUSED 127.0.0.1:9229`, `other side closed`, `getaddrinfo ENOTFOUND …`), and says
 * "timed out" only when the time limit ended it.
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
  const signal = AbortSignal.timeout(timeoutMs);
  // A failure of the transport (refused, reset, a name that does not resolve, the time limit) is
  // described with its cause: `fetch failed` alone does not say which.
  const failed = (error: unknown) =>
    new Error(
      signal.aborted && isTimeout(error, signal)
        ? `JWKS download from ${uri} timed out after ${timeoutMs} ms`
        : `JWKS download from ${uri} failed: ${describeError(error)}`,
      { cause: error },
    );
  let response: Response;
  try {
    response = await fetch(uri, {
      method: 'GET',
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal,
    });
  } catch (error) {
    throw failed(error);
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
  let body: ArrayBuffer;
  try {
    body = await response.arrayBuffer();
  } catch (error) {
    throw failed(error);
  }
  if (body.byteLength > MAX_JWKS_BYTES) {
    throw new Error(`JWKS at ${uri} is ${body.byteLength} bytes; at most ${MAX_JWKS_BYTES} are accepted`);
  }
  return body;
}

/** Whether `error` is the time limit's abort, rather than a failure that came first. */
function isTimeout(error: unknown, signal: AbortSignal): boolean {
  if (error === signal.reason) return true;
  return error instanceof Error && (error.name === 'TimeoutError' || error.cause === signal.reason);
}

/**
 * An error's message with its causes, e.g. `fetch failed (connect ECONNREFUSED 127.0.0.1:9229)`
 * or `fetch failed (UND_ERR_SOCKET: other side closed)`: undici's `fetch failed` names none.
 */
function describeError(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  let text = error.message;
  if (error instanceof AggregateError && error.errors.length > 0) {
    // Every address of a name tried and failed (`localhost` as ::1 and 127.0.0.1).
    const each = error.errors.map((inner: unknown) => describeError(inner, depth + 1)).join('; ');
    text = text === '' ? each : `${text}: ${each}`;
  }
  if (typeof code === 'string' && !text.includes(code)) text = text === '' ? code : `${code}: ${text}`;
  if (text === '') text = error.name;
  if (error.cause !== undefined && depth < 3) text += ` (${describeError(error.cause, depth + 1)})`;
  return text;
}

/**
 * The one client of the Notes API. It sends the ID token as `Authorization` (every authorizer
 * mode accepts it, the Cognito authorizer without method scopes only it), turns every failure
 * into an `ApiError`, and on a 401 renews the session once through the refresh-token grant and
 * repeats the call; when that fails too it sends the person to sign in again. Drafts are in
 * sessionStorage already, so that redirect loses nothing.
 */
import { ApiError, parseRetryAfter } from './api-error.js';

/** What the client needs from the signed-in session. */
export interface Session {
  /** The current ID token, renewed first when it has expired; undefined when there is none. */
  idToken(): Promise<string | undefined>;
  /** Renews the tokens (refresh-token grant); undefined when that failed. */
  renew(): Promise<string | undefined>;
  /** Takes the person to sign in again. */
  signInAgain(): Promise<void>;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export class ApiClient {
  readonly #baseUrl: string;
  readonly #session: Session;
  readonly #fetch: typeof fetch;

  constructor(baseUrl: string, session: Session, fetchFn: typeof fetch = (...args) => fetch(...args)) {
    this.#baseUrl = baseUrl.replace(/\/$/, '');
    this.#session = session;
    this.#fetch = fetchFn;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    let token = await this.#session.idToken();
    if (token === undefined) return this.#sessionEnded();
    let response = await this.#send(method, path, token, options);
    if (response.status === 401) {
      token = await this.#session.renew();
      if (token === undefined) return this.#sessionEnded();
      response = await this.#send(method, path, token, options);
      if (response.status === 401) return this.#sessionEnded();
    }
    const body = await readBody(response);
    if (!response.ok) {
      throw new ApiError(response.status, body, parseRetryAfter(response.headers.get('Retry-After')));
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }

  async #send(method: string, path: string, token: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Authorization: token, ...options.headers };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await this.#fetch(`${this.#baseUrl}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        cache: 'no-store',
      });
    } catch (cause) {
      if (options.signal?.aborted) throw cause;
      throw new ApiError(0, undefined, undefined, { cause });
    }
  }

  async #sessionEnded(): Promise<never> {
    await this.#session.signInAgain();
    throw new ApiError(401, undefined);
  }
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

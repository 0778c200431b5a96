/**
 * The scenario suite's only way to reach an API: `fetch` against a base URL. Nothing here knows
 * which server answers (Express, a Lambda behind an API Gateway emulation, the local stack),
 * so the same scenarios run unchanged against each.
 */

export interface ApiRequest {
  /** The token, sent raw as the tutorial's curl does: `Authorization: <token>`. */
  readonly token?: string;
  /** The exact `Authorization` header value (takes precedence over `token`). */
  readonly authorization?: string;
  /** A value sent as JSON text. */
  readonly json?: unknown;
  /** A body sent exactly as given. */
  readonly body?: string;
  /** The `Content-Type` to send with a body; `null` sends none. Default: `application/json`. */
  readonly contentType?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body as received; `''` when there is none. */
  readonly text: string;
  /** The body parsed as JSON; `undefined` when it is empty or not JSON. */
  readonly body: unknown;
}

const encoder = new TextEncoder();

/** Checks an answer (for example against the OpenAPI document); returns its problems, if any. */
export type ResponseCheck = (response: {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}) => readonly string[];

export interface ApiClientOptions {
  /** How long one request may take before it fails (a hung server fails fast); 30 s by default. */
  readonly timeoutMs?: number;
  /** Run on every answer; a problem fails the request with an error that names it. */
  readonly check?: ResponseCheck;
}

export class ApiClient {
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #check: ResponseCheck | undefined;

  /** @param baseUrl where the API's routes start, e.g. `http://127.0.0.1:3000` or `http://host/dev`. */
  constructor(baseUrl: string, options: ApiClientOptions = {}) {
    this.#baseUrl = baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#check = options.check;
  }

  url(path: string): string {
    return `${this.#baseUrl}${path}`;
  }

  async request(method: string, path: string, request: ApiRequest = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...request.headers };
    const authorization = request.authorization ?? request.token;
    if (authorization !== undefined) headers.authorization = authorization;
    const text = request.json !== undefined ? JSON.stringify(request.json) : request.body;
    if (text !== undefined && request.contentType !== null) {
      headers['content-type'] = request.contentType ?? 'application/json';
    }
    // Bytes rather than a string, so that fetch adds no `Content-Type` of its own.
    const init: RequestInit = {
      method,
      headers,
      signal: AbortSignal.timeout(this.#timeoutMs),
      ...(text === undefined ? {} : { body: encoder.encode(text) }),
    };
    const response = await fetch(this.url(path), init);
    const received = await response.text();
    const problems = this.#check?.({
      method,
      path: path.split('?', 1)[0] ?? path,
      status: response.status,
      headers: response.headers,
      body: received,
    });
    if (problems && problems.length > 0) {
      throw new Error(
        `${method} ${path} answered ${response.status}, which breaks the contract:\n  ${problems.join('\n  ')}`,
      );
    }
    return { status: response.status, headers: response.headers, text: received, body: parseJson(received) };
  }

  get(path: string, request?: ApiRequest): Promise<ApiResponse> {
    return this.request('GET', path, request);
  }

  post(path: string, request?: ApiRequest): Promise<ApiResponse> {
    return this.request('POST', path, request);
  }

  patch(path: string, request?: ApiRequest): Promise<ApiResponse> {
    return this.request('PATCH', path, request);
  }

  delete(path: string, request?: ApiRequest): Promise<ApiResponse> {
    return this.request('DELETE', path, request);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

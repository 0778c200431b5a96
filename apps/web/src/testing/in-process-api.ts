/**
 * The real Notes API contract (routes, error answers, If-Match, idempotency, paging) over the
 * in-memory store, answering as `fetch` does, for component tests: the app's calls are checked
 * against what every runtime answers rather than against a hand-written fake. A token here is
 * `<sub>` or `<sub>:admin`; what a gateway or a throttle can answer without the handler
 * (429, 503, a 401) is scripted with `answerNext`. Attachments are kept in an in-memory object
 * storage, which `InProcessUploads` lets the app upload to.
 */
import {
  InMemoryIdempotencyStore,
  InMemoryNotesRepository,
  InMemoryObjectStorage,
  SystemClock,
  UlidIdGenerator,
} from '@secure-notes/adapters-memory';
import {
  type AttachmentSettings,
  createNotesUseCases,
  DEFAULT_ATTACHMENT_SETTINGS,
  Idempotency,
  PageCursorCodec,
  type Principal,
} from '@secure-notes/domain';
import { createNotesHttpHandler, errorResponse, NOTES_ROUTES, parseJsonText } from '@secure-notes/http-api';

export const API_URL = 'https://api.test/dev';

interface Scripted {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Headers;
  readonly body: unknown;
}

const PATTERNS = NOTES_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
}));

export class InProcessNotesApi {
  readonly requests: RecordedRequest[] = [];
  readonly #scripted: Scripted[] = [];
  /** Where attachments' bytes go. */
  readonly storage: InMemoryObjectStorage;
  readonly #handle;

  /** `attachments`: settings over the defaults (a lower count or quota, for the limits). */
  constructor(attachments: Partial<AttachmentSettings> = {}) {
    const clock = new SystemClock();
    const ids = new UlidIdGenerator();
    this.storage = new InMemoryObjectStorage(clock);
    const useCases = createNotesUseCases({
      repository: new InMemoryNotesRepository(),
      clock,
      ids,
      cursors: new PageCursorCodec('c'.repeat(32)),
      attachments: { storage: this.storage, settings: { ...DEFAULT_ATTACHMENT_SETTINGS, ...attachments } },
    });
    this.#handle = createNotesHttpHandler(useCases, {
      idempotency: new Idempotency(new InMemoryIdempotencyStore(), clock, ids),
    });
  }

  /** The next request gets this answer instead of the handler's. */
  answerNext(answer: Scripted): void {
    this.#scripted.push(answer);
  }

  /** Requests to this method and path so far. */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter(
      (request) =>
        request.method === method && (typeof path === 'string' ? request.path === path : path.test(request.path)),
    );
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    const path = url.pathname.replace(/^\/dev/, '');
    const bodyText = typeof init.body === 'string' ? init.body : undefined;
    this.requests.push({ method, path, headers, body: bodyText === undefined ? undefined : JSON.parse(bodyText) });

    const scripted = this.#scripted.shift();
    if (scripted !== undefined) {
      return new Response(scripted.body === undefined ? null : JSON.stringify(scripted.body), {
        status: scripted.status,
        headers: scripted.headers ?? {},
      });
    }
    const principal = principalOf(headers.get('Authorization'));
    if (principal === undefined) return json(401, { message: 'Unauthorized' });
    const match = PATTERNS.map(({ route, pattern }) => ({ route, found: pattern.exec(path) })).find(
      ({ route, found }) => found !== null && route.method === method,
    );
    if (match === undefined) return json(404, { error: 'Not found' });
    const params = match.found?.groups ?? {};
    const answer = await this.#handle({
      route: match.route,
      principal,
      param: (name) => (params[name] === undefined ? undefined : decodeURIComponent(params[name])),
      query: (name) => url.searchParams.get(name) ?? undefined,
      header: (name) => headers.get(name) ?? undefined,
      body: () => (bodyText === undefined ? undefined : parseJsonText(bodyText)),
      basePath: '/dev',
    }).catch(errorResponse);
    return new Response(answer.body === '' ? null : answer.body, {
      status: answer.statusCode,
      headers: answer.headers,
    });
  };
}

function principalOf(authorization: string | null): Principal | undefined {
  if (authorization === null || authorization === '' || authorization.startsWith('expired')) return undefined;
  const [sub = '', role] = authorization.split(':');
  return { userId: sub, groups: role === 'admin' ? ['admin'] : [], scopes: [], tokenUse: 'id' };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

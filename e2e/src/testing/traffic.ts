/**
 * What the load and fault suites send: users with real ID tokens from the local Cognito, and
 * requests that are timed and given up on by the client after a limit, so that a request that
 * never answers fails the suite with its method and path instead of hanging it.
 */
import { randomUUID } from 'node:crypto';
import { createUser, type SignInTarget, signIn, subOf } from './stack.js';

/** One simulated person: an account in the local Cognito and its ID token. */
export interface VirtualUser {
  readonly email: string;
  readonly token: string;
  readonly userId: string;
}

/**
 * Creates `count` users (a few at a time: each is an admin call and a managed-login sign-in) and
 * signs each in once.
 *
 * @example
 * const users = await createVirtualUsers(stack, 50, 'load');
 */
export async function createVirtualUsers(
  target: SignInTarget,
  count: number,
  label: string,
  parallel = 8,
): Promise<VirtualUser[]> {
  const run = randomUUID().slice(0, 8);
  const users: VirtualUser[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const email = `${label}-${run}-${index}@example.com`;
      await createUser(target, email);
      const { id_token } = await signIn(target, email);
      users[index] = { email, token: id_token, userId: subOf(id_token) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return users;
}

/** A request the client gave up on: no answer within its limit. */
export class NoAnswerError extends Error {
  override readonly name = 'NoAnswerError';
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** The body parsed as JSON, `undefined` when empty or not JSON. */
  readonly body: unknown;
  readonly latencyMs: number;
}

export interface SendOptions {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly token: string;
  readonly json?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** The client gives up after this long and rejects with `NoAnswerError`. */
  readonly abortAfterMs: number;
}

/**
 * Sends one request and reads the whole answer, timing both.
 *
 * @example
 * const answer = await send(`${base}/notes`, { method: 'POST', token, json: { title: 'x' }, abortAfterMs: 9_000 });
 */
export async function send(url: string, options: SendOptions): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: options.method,
      headers: {
        Authorization: options.token,
        ...(options.json === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      signal: AbortSignal.timeout(options.abortAfterMs),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, body, latencyMs: performance.now() - started };
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      const path = new URL(url).pathname;
      throw new NoAnswerError(
        `${options.method} ${path} got no answer within ${options.abortAfterMs} ms: a request hung past every configured timeout`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** A note as the API lists it. */
export interface ListedNote {
  readonly userId: string;
  readonly noteId: string;
  readonly title: string;
  readonly content?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Pages through `GET /notes` to the end and returns every note, in the order listed. Any
 * answer but 200 is an error that names it.
 */
export async function listEveryNote(
  base: string,
  token: string,
  options: { readonly abortAfterMs: number; readonly onPage?: (answer: Answer) => void; readonly limit?: number },
): Promise<ListedNote[]> {
  const notes: ListedNote[] = [];
  let nextToken: string | undefined;
  do {
    const query = new URLSearchParams({ limit: String(options.limit ?? 100), ...(nextToken ? { nextToken } : {}) });
    const answer = await send(`${base}/notes?${query}`, { method: 'GET', token, abortAfterMs: options.abortAfterMs });
    options.onPage?.(answer);
    if (answer.status !== 200) {
      throw new Error(
        `GET /notes answered ${answer.status} after ${notes.length} notes: ${JSON.stringify(answer.body)}`,
      );
    }
    const page = answer.body as { notes: ListedNote[]; nextToken?: string };
    notes.push(...page.notes);
    nextToken = page.nextToken;
  } while (nextToken);
  return notes;
}

/**
 * The answers of the contract as plain values, `{ statusCode, headers, body }`, which each
 * runtime writes out its own way: Express to its socket, the Lambda handler as its proxy result.
 * Every answer to an authenticated route is private (`Cache-Control: no-store`): no browser or
 * proxy may keep a note.
 */
import { type ErrorAnswer, toErrorAnswer } from './error-answers.js';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  /** The body as sent; `''` for none (204). */
  readonly body: string;
}

/**
 * @example
 * jsonResponse(200, { status: 'ok' }) // { statusCode: 200, headers: { 'Content-Type': ..., 'Cache-Control': 'no-store' }, body: '{"status":"ok"}' }
 */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': JSON_CONTENT_TYPE, 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

export function noContentResponse(): HttpResponse {
  return { statusCode: 204, headers: { 'Cache-Control': 'no-store' }, body: '' };
}

/** The answer to any thrown value (see `toErrorAnswer`), and the answer's facts for the log. */
export function errorResponse(error: unknown): HttpResponse & { readonly answer: ErrorAnswer } {
  const answer = toErrorAnswer(error);
  return { ...jsonResponse(answer.status, answer.body, answer.headers), answer };
}

/**
 * Every answer names its request: the incoming `X-Request-Id` when it is short and plain (so a
 * client or a proxy can follow one request through the logs), else one the runtime makes (a
 * UUID on the Express server, API Gateway's own request id behind the gateway).
 */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An incoming request id is kept when it is short and plain; anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * @example
 * requestIdOf('abc-123', () => randomUUID()) // 'abc-123'
 * requestIdOf('a b"c', () => 'generated') // 'generated'
 */
export function requestIdOf(incoming: unknown, make: () => string): string {
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : make();
}

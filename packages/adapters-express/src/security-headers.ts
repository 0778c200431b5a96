/**
 * The security headers of every answer, as helmet sets them with its defaults, computed once at
 * start: helmet runs once against a recording response, and each request then gets the recorded
 * headers in one loop. With static options helmet's headers do not depend on the request, so
 * the answers are the same and the per-request cost of a dozen middleware calls is gone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

export type HeaderList = readonly (readonly [name: string, value: string])[];

/**
 * The headers helmet sets with `options`, in order.
 *
 * @example
 * const headers = securityHeaders();
 * for (const [name, value] of headers) res.setHeader(name, value);
 */
export function securityHeaders(options?: Readonly<HelmetOptions>): HeaderList {
  const recorded = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded.set(name, Array.isArray(value) ? value.join(', ') : String(value));
      return recorder;
    },
    removeHeader(name: string) {
      recorded.delete(name);
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  // Every helmet middleware calls next synchronously when its options are static.
  if (!finished) throw new Error('helmet did not finish synchronously: its options must not depend on the request');
  return Object.freeze([...recorded].map(([name, value]) => Object.freeze([name, value] as const)));
}
